"""PDF dossiers and table exports, produced by Celery workers (see dossiers.dossier for the
chunked rendering pipeline, dossiers.regeln for the rules and dossiers.services for the
public surface of the jobs and the modules behind it)."""
