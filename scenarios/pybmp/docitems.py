"""What the PyBMP logging & troubleshooting guide documents: its log format, startup, connection,
route, warning and error lines, its metric names and its metrics command (doc items), and how
its log lines are read."""

from __future__ import annotations

from faultbook.report.docitems import command, log_format, log_line, metric
from faultbook.report.guides import Guide
from scenarios.pybmp.logformat import PybmpFormat

PYBMP = "PyBMP guide"
#: the components PyBMP's lines come from (never another collector's, such as pmbmpd)
_BMP = r"(?i)^pybmp"
_LINE = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(,\d+)? - \S+ - (DEBUG|INFO|WARNING|ERROR|CRITICAL) - "

GUIDE = Guide(PYBMP, doc_items=(
    log_format(PYBMP, "Log Format", "TIMESTAMP - LOGGER_NAME - LEVEL - MESSAGE", _LINE, r"\S",
               _BMP),
    log_line(PYBMP, "Startup Sequence", "src.main - INFO - Starting BMP Collector...",
             r"Starting BMP Collector", r"(?i)\bstarting\b", _BMP),
    log_line(PYBMP, "Startup Sequence", "src.database.connection - INFO - Database connection established",
             r"Database connection established", r"(?i)database.*connect", _BMP),
    log_line(PYBMP, "Startup Sequence", "src.bmp.server - INFO - BMP server starting on 0.0.0.0:11019",
             r"BMP server starting on \S+:\d+", r"(?i)(server|listen)\w* .*(start|on) ", _BMP),
    log_line(PYBMP, "Startup Sequence", "src.bmp.server - INFO - BMP server listening for connections",
             r"BMP server listening for connections", r"(?i)listening", _BMP),
    log_line(PYBMP, "Router Connection", "src.bmp.server - INFO - New connection from 192.168.1.10:51234",
             r"New connection from \S+", r"(?i)connection from|accepted", _BMP),
    log_line(PYBMP, "Router Connection", "src.bmp.processor - INFO - Router 192.168.1.10 session started",
             r"Router \S+ session started", r"(?i)session (start|open)", _BMP),
    log_line(PYBMP, "Router Connection",
             "src.bmp.processor - INFO - Processing initiation message from 192.168.1.10",
             r"Processing initiation message from \S+", r"(?i)initiation", _BMP),
    log_line(PYBMP, "Route Processing",
             "src.bmp.processor - INFO - Processed 150 route updates from 192.168.1.10",
             r"Processed \d+ route updates from \S+", r"(?i)route updates?|processed \d+", _BMP),
    log_line(PYBMP, "Route Processing",
             "src.bmp.processor - DEBUG - Route announcement: 10.0.0.0/8 via 192.168.1.1",
             r"Route announcement: \S+ via \S+", r"(?i)announce", _BMP),
    log_line(PYBMP, "Route Processing", "src.bmp.processor - DEBUG - Route withdrawal: 172.16.0.0/12",
             r"Route withdrawal: \S+", r"(?i)withdraw", _BMP),
    log_line(PYBMP, "Warning Messages",
             "src.bmp.server - WARNING - High buffer usage for connection 192.168.1.10 (85%)",
             r"High buffer usage for connection \S+ \(\d+%\)", r"(?i)buffer", _BMP),
    log_line(PYBMP, "Warning Messages",
             "src.bmp.processor - WARNING - Batch processing delayed, queue size: 500",
             r"Batch processing delayed, queue size: \d+", r"(?i)queue size|batch", _BMP),
    log_line(PYBMP, "Warning Messages", "src.database.connection - WARNING - Database query slow: 1.5s",
             r"Database query slow: [\d.]+s", r"(?i)\bslow\b", _BMP),
    log_line(PYBMP, "Warning Messages",
             "src.database.connection - WARNING - Connection pool near capacity: 18/20",
             r"Connection pool near capacity: \d+/\d+", r"(?i)\bpool\b", _BMP),
    log_line(PYBMP, "Error Messages", "src.bmp.server - ERROR - Connection lost from 192.168.1.10: "
             "[Errno 104] Connection reset by peer",
             r"Connection lost from \S+: \[Errno 104\] Connection reset by peer",
             r"(?i)connection (lost|reset|closed)|reset by peer", _BMP),
    log_line(PYBMP, "Error Messages",
             "src.database.connection - ERROR - Database connection failed: connection timeout",
             r"Database connection failed: connection timeout", r"(?i)database.*(fail|error|timeout)",
             _BMP),
    log_line(PYBMP, "Error Messages", "src.bmp.parser - ERROR - Invalid BMP message format from 192.168.1.10",
             r"Invalid BMP message format from \S+",
             r"(?i)invalid|malformed|unsupported|could not (parse|decode)|parse error", _BMP),
    log_line(PYBMP, "Error Messages", "src.bmp.bgp_parser - ERROR - Malformed BGP update in BMP message",
             r"Malformed BGP update in BMP message", r"(?i)malformed|bgp.*(error|invalid)", _BMP),
    log_line(PYBMP, "Common Issues 1", "WARNING - No data received from 192.168.1.10 for 60 seconds",
             r"No data received from \S+ for \d+ seconds", r"(?i)no data", _BMP),
    log_line(PYBMP, "Common Issues 2", "ERROR - Database connection timeout",
             r"Database connection timeout", r"(?i)database.*timeout", _BMP),
    log_line(PYBMP, "Common Issues 3", "WARNING - High memory usage detected: 1.2GB",
             r"High memory usage detected: \S+", r"(?i)memory", _BMP),
    log_line(PYBMP, "Common Issues 3", "ERROR - Out of memory: cannot allocate more connections",
             r"Out of memory: cannot allocate more connections", r"(?i)out of memory|MemoryError", _BMP),
    log_line(PYBMP, "Common Issues 4", "INFO - Processing lag: 30 seconds behind real-time",
             r"Processing lag: \d+ seconds behind real-time", r"(?i)\blag\b", _BMP),
    metric(PYBMP, "Connection Metrics", "bmp_active_connections"),
    metric(PYBMP, "Connection Metrics", "bmp_messages_received_total"),
    metric(PYBMP, "Connection Metrics", "bmp_message_processing_rate"),
    metric(PYBMP, "Database Metrics", "database_queries_total"),
    metric(PYBMP, "Database Metrics", "database_pool_connections"),
    metric(PYBMP, "Database Metrics", "database_query_duration_seconds"),
    metric(PYBMP, "System Metrics", "process_resident_memory_bytes"),
    metric(PYBMP, "System Metrics", "process_cpu_seconds_total"),
    metric(PYBMP, "System Metrics", "process_open_fds"),
    metric(PYBMP, "Setting Up Alerts", "bmp_connections_lost_total"),
    command(PYBMP, "Monitoring with Prometheus Metrics", "curl -s http://localhost:9090/metrics",
            r"/metrics\b", r"^2\d\d\b", _BMP),
), log_formats=(PybmpFormat(),))
