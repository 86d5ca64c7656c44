"""SMTP setup wizard (邮件服务集成向导)."""

__version__ = "0.1.0"
APP_NAME = "smtp-wizard"
