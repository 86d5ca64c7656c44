"""Chinese for the command line's help and usage errors: argparse's own words (its gettext
message ids, Python 3.11-3.13) and our help texts, by their English text.

A help text missing here is shown in English (tests/cli/test_cli_new_user.py lists them).
"""

from __future__ import annotations

from typing import Final

ARGPARSE: Final[dict[str, str]] = {
    "usage: ": "用法:",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s: 错误:%(message)s\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s:%(message)s",
    "the following arguments are required: %s": "缺少必需的参数:%s",
    "unrecognized arguments: %s": "无法识别的参数:%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择:%(value)r(可选:%(choices)s)",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "没有命令 %(parser_name)r(可选:%(choices)s)",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多只能有一个值",
    "expected at least one argument": "至少需要一个值",
    "expected %s argument": "需要 %s 个值",
    "expected %s arguments": "需要 %s 个值",
    "ignored explicit argument %r": "多余的值 %r",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值:%(value)r",
    "not allowed with argument %s": "不能和参数 %s 一起使用",
    "one of the arguments %s is required": "参数 %s 必须给出其中一个",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义,可能是 %(matches)s",
    "can't open '%(filename)s': %(error)s": "无法打开「%(filename)s」:%(error)s",
    "unexpected option string: %s": "意外的选项:%s",
}

HELP: Final[dict[str, str]] = {
    # the programs
    "SMTP setup wizard. Without a command the desktop wizard opens; --lang and --json may come "
    "before or after the command.": (
        "邮件服务集成向导。不带命令时打开桌面向导;--lang 和 --json 可以写在命令前面或后面。"
    ),
    "The command line of the SMTP setup wizard, for servers: test, probe, detect and export "
    "mail settings from where the mail will be sent. --lang and --json may come before or after "
    "the command.": (
        "邮件服务集成向导的服务器版命令行:在真正发信的服务器上测试、探测端口、识别服务商和导出设置。"
        "--lang 和 --json 可以写在命令前面或后面。"
    ),
    "SMTP setup wizard (the desktop wizard)": "邮件服务集成向导(桌面向导)",
    "UI language (default: the system's)": "界面语言(默认:系统语言)",
    "start a local demo mail server and use it": "启动本机演示邮件服务器并使用它",
    "build the window, print one JSON line, exit": "建立窗口,打印一行 JSON 后退出",
    "an exported configuration to open": "要打开的已导出配置",
    "send a test mail with the given settings": "用给出的设置发送一封测试邮件",
    "probe ports and encryption": "探测端口和加密方式",
    "settings": "设置",
    "delivery confirmation": "确认收到",
    # the commands
    "list the provider presets": "列出邮件服务商预设",
    "find the provider of an address (domain, MX, SPF, CNAME, autoconfig, ISPDB, guess)": (
        "识别邮箱地址的服务商(域名、MX、SPF、CNAME、autoconfig、ISPDB、猜测)"
    ),
    "will mail from this address be trusted? SPF, DMARC, DKIM of its domain, MX of the recipient": (
        "从这个地址发出的邮件会被信任吗?检查发件域名的 SPF、DMARC、DKIM 和收件域名的 MX"
    ),
    "check settings and show them normalized": "检查设置并显示规范化后的结果",
    "write the configuration for the admin backend": "导出配置,用于填写管理后台",
    "live test: connect, log in and send a test mail": "实际测试:连接、登录并发送测试邮件",
    "find which port and encryption work for a host": "找出服务器上可用的端口和加密方式",
    "start the local demo mail server, to try the command line": "启动本机演示邮件服务器,用来试用命令行",
    # options
    "print one JSON document on stdout": "在标准输出打印一个 JSON 文档",
    "language of messages (default: system)": "提示信息的语言(默认:系统语言)",
    "DNS server to ask (default: the system's)": "要查询的 DNS 服务器(默认:系统的)",
    "time for all detection steps together, seconds (default 8)": "所有识别步骤加起来的时间上限,秒(默认 8)",
    "do not probe smtp./mail./<domain> when nothing else answers": (
        "其他方法都没有结果时,不去探测 smtp./mail./<域名>"
    ),
    "the sender address": "发件人邮箱",
    "check the DKIM record <selector>._domainkey.<domain>": "检查 DKIM 记录 <selector>._domainkey.<域名>",
    "the SMTP server (a preset host or your own)": "SMTP 服务器(预设的或自己的)",
    "also check that the recipient's domain has MX records": "同时检查收件人的域名有没有 MX 记录",
    "DNS time limit in seconds (default 15)": "DNS 查询的时间上限,秒(默认 15)",
    "an exported file (JSON or .env) as the base": "以导出的文件(JSON 或 .env)为基础",
    "provider preset: fills host, port, security, account": "服务商预设:填好服务器、端口、加密方式和账号",
    "login account (default: from the provider rule)": "登录账号(默认:按服务商的规则)",
    "read the password from this environment variable": "从这个环境变量读取密码",
    "read the password from standard input": "从标准输入读取密码",
    "the file to write; - for standard output": "要写入的文件;- 表示标准输出",
    "default: from the file name": "默认:由文件名决定",
    "write the password too (file becomes owner-only)": "也写入密码(文件只有所有者能读)",
    "recipient of the test mail": "测试邮件的收件人",
    "extra CA certificate (PEM) for a private server": "私有服务器的 CA 证书(PEM)",
    "trust exactly this server certificate (SHA-256 of its DER form)": (
        "只信任这一张服务器证书(其 DER 形式的 SHA-256)"
    ),
    "overall time limit (default 60)": "总的时间上限(默认 60 秒)",
    "time limit to connect and greet (default 10)": "连接并收到欢迎信息的时间上限(默认 10 秒)",
    "stop after the login; send nothing": "登录后就停止,不发送邮件",
    "allow sending the password without encryption (security none)": "允许不加密地发送密码(加密方式 none)",
    "after a port/encryption failure, probe the host and suggest what works": (
        "端口或加密方式失败后,探测服务器并建议可用的组合"
    ),
    "name to give in EHLO: this machine's FQDN or an address literal such as [10.0.0.5] "
    "(default: the FQDN if the host name has a dot, else the local address)": (
        "EHLO 中使用的名称:本机的完整域名,或 [10.0.0.5] 这样的地址"
        "(默认:主机名带点时用完整域名,否则用本机地址)"
    ),
    "print the (redacted) SMTP conversation": "打印 SMTP 通信记录(密码已隐藏)",
    "after a pass, check the sender domain's SPF/DMARC/DKIM and the recipient's MX": (
        "测试通过后,检查发件域名的 SPF/DMARC/DKIM 和收件域名的 MX"
    ),
    "after a pass, look for the test mail over IMAP in the recipient's inbox and junk folder": (
        "测试通过后,通过 IMAP 在收件人的收件箱和垃圾邮件文件夹里查找测试邮件"
    ),
    "default: the recipient provider's IMAP server": "默认:收件人服务商的 IMAP 服务器",
    "default 993 (ssl); 143 means starttls": "默认 993(ssl);143 表示 starttls",
    "default: the recipient address": "默认:收件人地址",
    "the IMAP password from this variable (default: the SMTP one for a test sent to itself)": (
        "从这个环境变量读取 IMAP 密码(默认:发给自己的测试使用 SMTP 的密码)"
    ),
    "how long to wait (default 120)": "等待多久(默认 120 秒)",
    "write a support report (.md or .html; - prints Markdown): settings without the password, "
    "stages, transcript": (
        "写一份技术支持报告(.md 或 .html;- 表示以 Markdown 打印):不含密码的设置、各阶段、通信记录"
    ),
    "e.g. 465:ssl,587:starttls (default: the provider's, else common pairs)": (
        "例如 465:ssl,587:starttls(默认:服务商的,否则常见组合)"
    ),
    "use this provider's ports as candidates": "用这个服务商的端口作为候选",
    "time limit per candidate (default 5)": "每个候选的时间上限(默认 5 秒)",
    "with a password: try to log in": "给出密码时:尝试登录",
    # the scheduled check (check) and test --no-auth
    "allow the password without encryption": "允许在不加密的连接上发送密码",
    "also send a real test mail to this address": "同时向这个地址发送一封真实的测试邮件",
    "connect or login; default 3000": "连接或登录;默认 3000",
    "default 10000": "默认 10000",
    "default 30": "默认 30",
    "default 7": "默认 7",
    "name to give in EHLO (as in `test`)": "EHLO 时使用的名称(同 `test`)",
    "one Nagios/Icinga status line with perfdata": "输出一行 Nagios/Icinga 状态(带性能数据)",
    "output": "输出",
    "password (besides --password-env and --password-stdin)": (
        "密码(除 --password-env 和 --password-stdin 外)"
    ),
    "print a systemd service + timer running this check hourly": (
        "打印每小时运行这项检查的 systemd 服务和定时器"
    ),
    "read it from a file only its owner may read (chmod 600)": "从只有所有者可读的文件读取(chmod 600)",
    "read it from the system keyring (saved by the wizard)": "从系统钥匙串读取(由向导保存)",
    "schedule": "定期运行",
    "scheduled check: connect, TLS, login (nothing sent), sender domain, provider notices": (
        "定期检查:连接、TLS、登录(不发信)、发件域名、服务商通知"
    ),
    "skip the sender domain's SPF/DMARC/DKIM": "跳过发件域名的 SPF/DMARC/DKIM 检查",
    "the password file LoadCredential= reads (default ~/.config/smtp-wizard/smtp-password)": (
        "LoadCredential= 读取的密码文件(默认 ~/.config/smtp-wizard/smtp-password)"
    ),
    "the server takes mail without a login (an internal relay): test without a password": (
        "服务器不需要登录即可收信(内部中继):不带密码测试"
    ),
    "thresholds": "阈值",
    "where the last results are kept (default: next to --config)": (
        "保存上次结果的位置(默认:--config 文件旁边)"
    ),
    "with --install-timer: install them for this user": "与 --install-timer 一起:为当前用户安装",
    "write node_exporter textfile metrics (.prom)": "写入 node_exporter 文本文件指标(.prom)",
    "定期检查 / scheduled check: what broke, since when, and what to do. Exit codes: 0 OK, 1 problem, "
    "2 invalid input; with --nagios 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.": (
        "定期检查:什么坏了、从什么时候开始、该怎么办。退出码:0 正常,1 有问题,2 输入无效;"
        "使用 --nagios 时 0 OK,1 WARNING,2 CRITICAL,3 UNKNOWN。"
    ),
}
