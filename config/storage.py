from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):  # type: ignore[misc]
    """Hashed, compressed static files; `import` lines in our JS modules get hashed too,
    so the vendored nhsuk-frontend bundle is cached for a year like everything else."""

    support_js_module_import_aggregation = True
