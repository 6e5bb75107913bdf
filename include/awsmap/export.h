/**
 * @file awsmap/export.h
 * @brief Symbol export and C++ linkage macros used by every public header.
 *
 * Everything libawsmap exports carries ::AWSMAP_API; everything else is
 * hidden. Define `AWSMAP_STATIC` when linking the static library on
 * platforms where that matters (the CMake package and awsmap.pc do it).
 */
#ifndef AWSMAP_EXPORT_H
#define AWSMAP_EXPORT_H

/** @brief Marks a function as part of the public, exported ABI. */
#if defined(_WIN32) && !defined(AWSMAP_STATIC)
#  if defined(AWSMAP_BUILDING)
#    define AWSMAP_API __declspec(dllexport)
#  else
#    define AWSMAP_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__) || defined(__clang__)
#  define AWSMAP_API __attribute__((visibility("default")))
#else
#  define AWSMAP_API
#endif

/** @brief Opens a block of declarations with C linkage when compiled as C++. */
#ifdef __cplusplus
#  define AWSMAP_BEGIN_DECLS extern "C" {
/** @brief Closes an ::AWSMAP_BEGIN_DECLS block. */
#  define AWSMAP_END_DECLS }
#else
#  define AWSMAP_BEGIN_DECLS
/** @brief Closes an ::AWSMAP_BEGIN_DECLS block. */
#  define AWSMAP_END_DECLS
#endif

#endif /* AWSMAP_EXPORT_H */
