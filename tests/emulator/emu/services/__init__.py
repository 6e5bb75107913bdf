"""One module per AWS service; each exposes HANDLERS = {action: fn(ctx)}."""
