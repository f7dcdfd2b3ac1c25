"""The core: rule data, draft model, schema validation, rendering and checking. Never imports Qt."""
