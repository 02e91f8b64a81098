"""PDF dossiers and table exports, produced by Celery workers (see dossiers.dossier for the
chunked rendering pipeline and dossiers.services for the job rules)."""
