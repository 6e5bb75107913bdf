/* Replays every file of a corpus folder (and a few generated edge inputs)
 * through LLVMFuzzerTestOneInput, so the fuzz targets run in the normal suite
 * without libFuzzer. A crash or sanitizer report fails the test. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return -1;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  /* Exact-size heap copy: ASan flags any read past the input's end. */
  uint8_t *buf = malloc(n > 0 ? (size_t)n : 1);
  size_t got = n > 0 ? fread(buf, 1, (size_t)n, f) : 0;
  fclose(f);
  LLVMFuzzerTestOneInput(buf, got);
  free(buf);
  return 0;
}

int main(int argc, char **argv) {
  int files = 0;
  /* Edge inputs every parser must survive: empty, one byte of each value. */
  LLVMFuzzerTestOneInput((const uint8_t *)"", 0);
  for (int c = 0; c < 256; c++) {
    uint8_t *one = malloc(1);
    one[0] = (uint8_t)c;
    LLVMFuzzerTestOneInput(one, 1);
    free(one);
  }
  for (int i = 1; i < argc; i++) {
    DIR *d = opendir(argv[i]);
    if (!d) {
      if (replay_file(argv[i]) == 0)
        files++;
      continue;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
      if (e->d_name[0] == '.')
        continue;
      char path[4096];
      snprintf(path, sizeof path, "%s/%s", argv[i], e->d_name);
      if (replay_file(path) == 0)
        files++;
    }
    closedir(d);
  }
  printf("replayed %d corpus files + 257 edge inputs\n", files);
  return 0;
}
