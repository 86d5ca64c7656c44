<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AdminBox</name>
    <message>
        <source>Ask your mail administrator first</source>
        <translation>请先让邮箱管理员完成以下设置</translation>
    </message>
    <message>
        <source>Admin console: %1</source>
        <translation>管理后台:%1</translation>
    </message>
</context>
<context>
    <name>AfterPassPanel</name>
    <message>
        <source>Chec&amp;k sender domain</source>
        <translation>检查发件域名(&amp;M)</translation>
    </message>
    <message>
        <source>Sender domain (SPF, DMARC, DKIM)</source>
        <translation>发件域名检查(SPF、DMARC、DKIM)(&amp;V)</translation>
    </message>
    <message>
        <source>I&amp;MAP server:</source>
        <translation>IMAP 服务器(&amp;M):</translation>
    </message>
    <message>
        <source>Por&amp;t:</source>
        <translation>端口(&amp;T):</translation>
    </message>
    <message>
        <source>Mailbo&amp;x account:</source>
        <translation>收件邮箱账号(&amp;X):</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>密码(授权码)(&amp;W):</translation>
    </message>
    <message>
        <source>Con&amp;firm delivery</source>
        <translation>确认收到(&amp;F)</translation>
    </message>
    <message>
        <source>Stop waitin&amp;g</source>
        <translation>停止等待(&amp;G)</translation>
    </message>
    <message>
        <source>Confirm delivery</source>
        <translation>确认收到(&amp;H)</translation>
    </message>
    <message>
        <source>Checking the DNS records of the sender domain …</source>
        <translation>正在查询发件域名的 DNS 记录……</translation>
    </message>
    <message>
        <source>Stopping …</source>
        <translation>正在停止…</translation>
    </message>
</context>
<context>
    <name>AuthHelpPage</name>
    <message>
        <source>Open the provider&apos;s &amp;help page</source>
        <translation>打开服务商的帮助页面(&amp;H)</translation>
    </message>
    <message>
        <source>Cop&amp;y the link</source>
        <translation>复制链接(&amp;Y)</translation>
    </message>
    <message>
        <source>Get the %1 for %2</source>
        <translation>获取%2的%1</translation>
    </message>
    <message>
        <source>Do this once in the provider&apos;s web mail, then paste the %1 into the password field on the next page.</source>
        <translation>在邮箱网页版中操作一次,然后把%1粘贴到下一页的密码栏里。</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>注意</translation>
    </message>
    <message>
        <source>No web browser could be opened here. Copy the link and open it on another device.</source>
        <translation>这台电脑上无法打开浏览器。请复制链接,在其他设备上打开。</translation>
    </message>
    <message>
        <source>Link copied to the clipboard.</source>
        <translation>链接已复制到剪贴板。</translation>
    </message>
</context>
<context>
    <name>CaFileField</name>
    <message>
        <source>Choose the CA certificate (PEM)</source>
        <translation>选择 CA 证书文件(PEM)</translation>
    </message>
    <message>
        <source>PEM certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>PEM 证书 (*.pem *.crt *.cer);;所有文件 (*)</translation>
    </message>
    <message>
        <source>CA f&amp;ile:</source>
        <translation>CA 证书文件(&amp;I):</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>none: only the certificates this computer trusts</source>
        <translation>无:只信任这台电脑信任的证书</translation>
    </message>
</context>
<context>
    <name>DetectionPanel</name>
    <message>
        <source>Choose an&amp;other provider</source>
        <translation>选择其他服务商(&amp;O)</translation>
    </message>
</context>
<context>
    <name>DiagnosisView</name>
    <message>
        <source>Cause not certain: the server did not say why</source>
        <translation>原因未确定:服务器没有说明拒绝的原因</translation>
    </message>
    <message>
        <source>&amp;Apply and retry</source>
        <translation>应用并重试(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Trust this certificate</source>
        <translation>信任此证书(&amp;T)</translation>
    </message>
    <message>
        <source>Choose a CA &amp;file…</source>
        <translation>选择 CA 证书文件(&amp;F)…</translation>
    </message>
    <message>
        <source>Show transcript</source>
        <translation>查看会话记录(&amp;K)</translation>
    </message>
    <message>
        <source>Server reply:</source>
        <translation>服务器回复:</translation>
    </message>
    <message>
        <source>What to do:</source>
        <translation>怎么办:</translation>
    </message>
    <message>
        <source>The server&apos;s certificate</source>
        <translation>服务器证书</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation>颁发者</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <source>&amp;Apply and retry: %1</source>
        <translation>应用并重试(&amp;A):%1</translation>
    </message>
    <message>
        <source>no encryption</source>
        <translation>不加密</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1改为 %2</translation>
    </message>
</context>
<context>
    <name>DnsServerField</name>
    <message>
        <source>e.g. 223.5.5.5 (leave empty for this computer&apos;s)</source>
        <translation>例如 223.5.5.5(留空则用本机的设置)</translation>
    </message>
    <message>
        <source>DNS ser&amp;ver:</source>
        <translation>DNS 服务器(&amp;V):</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <source>Finish in the admin backend</source>
        <translation>到管理后台完成设置</translation>
    </message>
    <message>
        <source>Sign in to the on-prem admin backend and open 邮件服务集成 (mail service integration).</source>
        <translation>登录独享版管理后台,打开「邮件服务集成」。</translation>
    </message>
    <message>
        <source>Keep the platform mail service and enter the display name: %1.</source>
        <translation>保持使用平台邮件服务,填写显示姓名:%1。</translation>
    </message>
    <message>
        <source>Click 保存 (Save).</source>
        <translation>点击「保存」。</translation>
    </message>
    <message>
        <source>Enter 邮件服务器, 端口, 加密方式, 发件人邮箱, 密码, 显示姓名 and 账号 exactly as in the exported file (the settings sheet lists them in that order).</source>
        <translation>按导出文件逐项填写邮件服务器、端口、加密方式、发件人邮箱、密码、显示姓名和账号(设置单就是按这个顺序排列的)。</translation>
    </message>
    <message>
        <source>Click 发送测试邮件 (send test mail) there once and check that it arrives.</source>
        <translation>在后台点击一次「发送测试邮件」,确认能收到。</translation>
    </message>
    <message>
        <source>Click 保存 (Save). Delete any exported file that contains the password.</source>
        <translation>点击「保存」。含密码的导出文件用完请删除。</translation>
    </message>
    <message>
        <source>Files saved in this run:</source>
        <translation>本次保存的文件:</translation>
    </message>
    <message>
        <source>Finish without the configuration?</source>
        <translation>还没有保存配置,确定完成?</translation>
    </message>
    <message>
        <source>The configuration was neither saved nor copied, so it will be lost. Finish anyway?</source>
        <translation>配置既没有保存到文件,也没有复制,关闭后就没有了。仍然完成吗?</translation>
    </message>
</context>
<context>
    <name>EhloField</name>
    <message>
        <source>E&amp;HLO name:</source>
        <translation>EHLO 名称(&amp;H):</translation>
    </message>
    <message>
        <source>automatic: this computer&apos;s full name or [IP address]</source>
        <translation>自动:本机完整域名或 [IP 地址]</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <source>Something went wrong inside the wizard. Nothing was sent or saved by this error. Copy the details below for support; passwords are removed.</source>
        <translation>向导内部出错了。这个错误没有发送或保存任何内容。请复制下面的详细信息发给技术支持(密码已去掉)。</translation>
    </message>
</context>
<context>
    <name>ExportPage</name>
    <message>
        <source>Export the configuration</source>
        <translation>导出配置</translation>
    </message>
    <message>
        <source>JSON (for import or automation)</source>
        <translation>JSON(用于导入或自动化)</translation>
    </message>
    <message>
        <source>.env (KEY=VALUE)</source>
        <translation>.env(KEY=VALUE 格式)</translation>
    </message>
    <message>
        <source>Settings sheet (to type into the admin console)</source>
        <translation>设置单(对照着填到管理后台)</translation>
    </message>
    <message>
        <source>Include the &amp;password in the file</source>
        <translation>在文件中包含密码(&amp;P)</translation>
    </message>
    <message>
        <source>Anyone who gets this file can send mail as this account. The file is made readable by you only; delete it after use.</source>
        <translation>拿到这个文件的人都可以用这个账号发信。文件只允许当前用户读取,用完请删除。</translation>
    </message>
    <message>
        <source>&amp;Save as…</source>
        <translation>另存为(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Copy to clipboard</source>
        <translation>复制到剪贴板(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>格式(&amp;F):</translation>
    </message>
    <message>
        <source>Check the summary, then save the file or copy it.</source>
        <translation>请核对下面的设置,然后保存文件或复制。</translation>
    </message>
    <message>
        <source>Verified on %1 by another run (a test mail to %2); nothing has changed since.</source>
        <translation>已由另一次运行验证(%1,测试邮件发送到 %2),此后设置没有改动。</translation>
    </message>
    <message>
        <source>Verified: a test mail to %1 was accepted at %2.</source>
        <translation>已验证:%2 测试邮件已成功发送到 %1。</translation>
    </message>
    <message>
        <source>Not verified: no test mail has been delivered with these settings.</source>
        <translation>未验证:还没有用这些设置成功发送过测试邮件。</translation>
    </message>
    <message>
        <source>Text (*.txt)</source>
        <translation>文本文件 (*.txt)</translation>
    </message>
    <message>
        <source>Save configuration</source>
        <translation>保存配置</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>已保存到 %1</translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation>已复制到剪贴板。</translation>
    </message>
    <message>
        <source>Copy the password?</source>
        <translation>复制密码?</translation>
    </message>
    <message>
        <source>The copied text contains the password in clear text. Anyone who sees where you paste it can send mail as this account. Copy it with the password?</source>
        <translation>复制的内容含明文密码,看到粘贴内容的任何人都能以此账号发信。仍要连同密码一起复制吗?</translation>
    </message>
</context>
<context>
    <name>InboxDialog</name>
    <message>
        <source>Demo inbox</source>
        <translation>演示收件箱</translation>
    </message>
    <message>
        <source>No messages yet: send a test mail first.</source>
        <translation>还没有邮件:请先发送测试邮件。</translation>
    </message>
    <message>
        <source>From</source>
        <translation>发件人</translation>
    </message>
    <message>
        <source>To</source>
        <translation>收件人</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
</context>
<context>
    <name>ModePage</name>
    <message>
        <source>How should notification mail be sent?</source>
        <translation>通知邮件用什么方式发送?</translation>
    </message>
    <message>
        <source>Most installs keep the platform&apos;s mail service. Choose your own SMTP service when the customer wants mail to come from their own mailbox.</source>
        <translation>大多数客户使用平台邮件服务即可。如果客户希望通知邮件从自己的邮箱发出,请选择自有 SMTP 服务。</translation>
    </message>
    <message>
        <source>&amp;Platform mail service (default: only the sender&apos;s display name can be set)</source>
        <translation>使用平台邮件服务(默认,只能设置发件人显示姓名)(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Own SMTP service (QQ, Tencent Exmail, 163, Aliyun, SendCloud …)</source>
        <translation>使用自有 SMTP 邮件服务(QQ、腾讯企业邮箱、163、阿里云、SendCloud 等)(&amp;O)</translation>
    </message>
    <message>
        <source>e.g. 简道云通知</source>
        <translation>例如:简道云通知</translation>
    </message>
    <message>
        <source>Sender &amp;display name:</source>
        <translation>发件人显示姓名(&amp;D):</translation>
    </message>
    <message>
        <source>Open an e&amp;xported configuration…</source>
        <translation>打开已导出的配置(&amp;X)…</translation>
    </message>
    <message>
        <source>Already have a configuration file from this tool?</source>
        <translation>已经有本工具导出的配置文件?</translation>
    </message>
    <message>
        <source>Enter the display name to continue (it is required).</source>
        <translation>填写显示姓名后才能继续(必填)。</translation>
    </message>
    <message>
        <source>Open configuration</source>
        <translation>打开配置</translation>
    </message>
    <message>
        <source>Configuration (*.json *.env);;All files (*)</source>
        <translation>配置文件 (*.json *.env);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot open the file</source>
        <translation>无法打开文件</translation>
    </message>
    <message>
        <source>Opened %1. Check the settings and run the test again.</source>
        <translation>已打开 %1。请核对设置并重新测试。</translation>
    </message>
    <message>
        <source>Some values need fixing; they are marked on the settings page.</source>
        <translation>有些内容需要修改,已在设置页中标出。</translation>
    </message>
</context>
<context>
    <name>PasswordLabel</name>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P):</translation>
    </message>
    <message>
        <source>&amp;Password (%1):</source>
        <translation>密码(%1)(&amp;P):</translation>
    </message>
</context>
<context>
    <name>ProbePanel</name>
    <message>
        <source>&amp;Detect ports</source>
        <translation>探测端口(&amp;D)</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Encryption</source>
        <translation>加密方式</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>Login methods</source>
        <translation>登录方式</translation>
    </message>
</context>
<context>
    <name>ProviderPage</name>
    <message>
        <source>Which mail provider?</source>
        <translation>使用哪家邮件服务?</translation>
    </message>
    <message>
        <source>Type the sender address to pick it automatically, or choose from the list.</source>
        <translation>输入发件人邮箱即可自动识别,也可以在列表中选择。</translation>
    </message>
    <message>
        <source>Search: QQ, 163, exmail, sendgrid …</source>
        <translation>搜索:QQ、163、企业邮箱、SendGrid…</translation>
    </message>
    <message>
        <source>Sender &amp;address:</source>
        <translation>发件人邮箱(&amp;A):</translation>
    </message>
    <message>
        <source>&amp;Find:</source>
        <translation>搜索(&amp;F):</translation>
    </message>
    <message>
        <source>Enter the server yourself</source>
        <translation>需要手动填写服务器</translation>
    </message>
    <message>
        <source>OAuth only, not usable</source>
        <translation>只支持 OAuth,无法使用</translation>
    </message>
    <message>
        <source>Chosen from the list: %1</source>
        <translation>已从列表中选择:%1</translation>
    </message>
    <message>
        <source>Detecting the provider of %1 …</source>
        <translation>正在识别 %1 的邮件服务商…</translation>
    </message>
    <message>
        <source>Detection did not finish. Choose the provider from the list.</source>
        <translation>没能完成自动识别,请在列表中选择邮件服务商。</translation>
    </message>
    <message>
        <source>✓ %1 (%2)</source>
        <translation>✓ %1(%2)</translation>
    </message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Drive</source>
        <translation>驱动器</translation>
    </message>
    <message>
        <source>File Folder</source>
        <translation>文件夹</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L):</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T):</translation>
    </message>
</context>
<context>
    <name>RetryFields</name>
    <message>
        <source>P&amp;ort:</source>
        <translation>端口(&amp;O):</translation>
    </message>
    <message>
        <source>&amp;Encryption:</source>
        <translation>加密方式(&amp;E):</translation>
    </message>
</context>
<context>
    <name>SecretEdit</name>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
</context>
<context>
    <name>ServerCommandDialog</name>
    <message>
        <source>Verify from the server</source>
        <translation>在服务器上验证</translation>
    </message>
    <message>
        <source>Check regularly on the server</source>
        <translation>在服务器上定期检查</translation>
    </message>
    <message>
        <source>Run this on the server with the one-file smtp-wizard-cli. It installs a systemd timer that checks every hour (connect, certificate, login; no mail sent) and reports what broke and since when. The password is not part of the command: it prints how to put it into a file only you can read, which the timer loads with LoadCredential=.</source>
        <translation>请在服务器上用单文件命令行程序 smtp-wizard-cli 运行这条命令。它会安装一个 systemd 定时器,每小时检查一次(连接、证书、登录;不发送邮件),并报告哪里出了问题、从什么时候开始。命令里不包含密码:它会提示如何把密码放进只有你能读取的文件,定时器通过 LoadCredential= 读取。</translation>
    </message>
    <message>
        <source>The test above ran from this computer. The server that will send the mail may see another network (blocked ports, a proxy, another DNS). Copy the one-file command line smtp-wizard-cli (Linux x86_64, from the same release as this wizard) to the server, then run this command there. It asks for the password (authorization code) without showing it; the password is not part of the command.</source>
        <translation>上面的测试是在这台电脑上进行的。真正发信的服务器所在网络可能不同(端口被封、有代理、DNS 不同)。请把单文件命令行程序 smtp-wizard-cli(Linux x86_64,与本向导同一版本的发布包里)复制到服务器上,然后在服务器上运行下面的命令。它会提示输入密码(授权码),输入时不显示;命令里不包含密码。</translation>
    </message>
    <message>
        <source>Copy the CA file %1 into the same folder on the server: the command trusts it.</source>
        <translation>请把 CA 证书文件 %1 也复制到服务器上的同一个文件夹:这条命令要信任它。</translation>
    </message>
    <message>
        <source>The command trusts exactly the certificate you trusted by hand (SHA-256 %1), as the wizard&apos;s test did.</source>
        <translation>这条命令和向导的测试一样,只信任你手动信任的那一张证书(SHA-256 %1)。</translation>
    </message>
    <message>
        <source>&amp;Copy command</source>
        <translation>复制命令(&amp;C)</translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation>已复制到剪贴板。</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Mail settings</source>
        <translation>邮件设置</translation>
    </message>
    <message>
        <source>e.g. 运维中心</source>
        <translation>例如:运维中心</translation>
    </message>
    <message>
        <source>&amp;Remember the password in this computer&apos;s keyring</source>
        <translation>在本机系统钥匙串中记住密码(&amp;R)</translation>
    </message>
    <message>
        <source>Server, port and encryption (&amp;advanced)</source>
        <translation>服务器、端口和加密方式(高级)(&amp;A)</translation>
    </message>
    <message>
        <source>Mail &amp;server:</source>
        <translation>邮件服务器(&amp;S):</translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation>端口(&amp;O):</translation>
    </message>
    <message>
        <source>&amp;Encryption:</source>
        <translation>加密方式(&amp;E):</translation>
    </message>
    <message>
        <source>%1: check the prefilled values and enter the %2.</source>
        <translation>%1:请核对已预填的内容,并填写%2。</translation>
    </message>
    <message>
        <source>Sender a&amp;ddress:</source>
        <translation>发件人邮箱(&amp;D):</translation>
    </message>
    <message>
        <source>Display na&amp;me:</source>
        <translation>显示姓名(&amp;M):</translation>
    </message>
    <message>
        <source>Acco&amp;unt:</source>
        <translation>账号(&amp;U):</translation>
    </message>
    <message>
        <source>Checking the keyring …</source>
        <translation>正在检查系统钥匙串…</translation>
    </message>
    <message>
        <source>The keyring could not be checked; the password will not be stored.</source>
        <translation>无法检查系统钥匙串,密码不会被保存。</translation>
    </message>
</context>
<context>
    <name>SmtpWizard</name>
    <message>
        <source>Mail service setup wizard</source>
        <translation>邮件服务集成向导</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消(&amp;Q)</translation>
    </message>
</context>
<context>
    <name>SupportPanel</name>
    <message>
        <source>This test runs from this computer; the server that will send the mail may be on another network.</source>
        <translation>测试是在这台电脑上进行的;真正发信的服务器可能处在不同的网络中。</translation>
    </message>
    <message>
        <source>Cop&amp;y for support</source>
        <translation>复制给技术支持(&amp;Y)</translation>
    </message>
    <message>
        <source>Save report…</source>
        <translation>保存报告(&amp;Z)…</translation>
    </message>
    <message>
        <source>Ver&amp;ify from the server…</source>
        <translation>在服务器上验证(&amp;I)…</translation>
    </message>
    <message>
        <source>Check re&amp;gularly on the server…</source>
        <translation>在服务器上定期检查(&amp;G)…</translation>
    </message>
    <message>
        <source>The report is on the clipboard: paste it into the support chat.</source>
        <translation>报告已复制到剪贴板,可以直接粘贴给技术支持。</translation>
    </message>
    <message>
        <source>Save report</source>
        <translation>保存报告</translation>
    </message>
    <message>
        <source>Web page (*.html);;Markdown (*.md)</source>
        <translation>网页 (*.html);;Markdown (*.md)</translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation>无法保存 %1:%2</translation>
    </message>
    <message>
        <source>Report saved to %1</source>
        <translation>报告已保存到 %1</translation>
    </message>
</context>
<context>
    <name>TestPage</name>
    <message>
        <source>Send a test mail</source>
        <translation>发送测试邮件</translation>
    </message>
    <message>
        <source>&amp;Recipient:</source>
        <translation>收件人邮箱(&amp;R):</translation>
    </message>
    <message>
        <source>&amp;Send test mail</source>
        <translation>发送测试邮件(&amp;S)</translation>
    </message>
    <message>
        <source>Check &amp;login only</source>
        <translation>只测试登录(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Cancel test</source>
        <translation>取消测试(&amp;C)</translation>
    </message>
    <message>
        <source>Allow sending the password &amp;unencrypted</source>
        <translation>允许不加密发送密码(&amp;U)</translation>
    </message>
    <message>
        <source>Demo inbox</source>
        <translation>演示收件箱(&amp;J)</translation>
    </message>
    <message>
        <source>Continue wit&amp;hout a passed test (the export is marked unverified)</source>
        <translation>不测试,直接继续(导出的配置将标记为「未验证」)(&amp;H)</translation>
    </message>
    <message>
        <source>The wizard connects to the server, logs in and sends a real mail. Nothing is saved until you export.</source>
        <translation>向导会连接服务器、登录并发送一封真实的测试邮件。导出之前不会保存任何内容。</translation>
    </message>
    <message>
        <source>account</source>
        <translation>账号</translation>
    </message>
    <message>
        <source>The settings have changed, so the results shown before no longer apply. Test again.</source>
        <translation>设置已更改,之前的测试结果属于旧的设置,不再适用:请重新测试。</translation>
    </message>
    <message>
        <source>Testing …</source>
        <translation>正在测试…</translation>
    </message>
    <message>
        <source>Cancelling …</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Verified on %1 by another run; nothing has changed since.</source>
        <translation>已由另一次运行验证(%1),此后设置没有改动。</translation>
    </message>
    <message>
        <source>A test mail was already delivered with these settings.</source>
        <translation>已用这些设置成功发送过测试邮件。</translation>
    </message>
    <message>
        <source>Trust this certificate?</source>
        <translation>信任这张证书?</translation>
    </message>
    <message>
        <source>This computer does not trust the mail server&apos;s certificate. Trust it only if the mail server&apos;s administrator confirms its SHA-256 fingerprint by phone or another channel (not by mail through this server), reading it out pair by pair:

SHA-256: %1

The wizard then accepts exactly this certificate, and the export says so: the admin backend will need the same trust (the CA that issued it, or this fingerprint).</source>
        <translation>这台电脑不信任邮件服务器的证书。只有在邮件服务器管理员通过电话或其他渠道(不要通过这台服务器收发的邮件)逐段念出并确认下面的 SHA-256 指纹一致时,才信任它:

SHA-256: %1

信任后本向导只接受这一张证书,导出的配置也会注明:管理后台同样需要信任它(导入签发它的 CA 证书,或固定这个指纹)。</translation>
    </message>
    <message>
        <source>Trying %1 port and encryption combinations …</source>
        <translation>正在尝试 %1 种端口和加密方式组合…</translation>
    </message>
    <message>
        <source>No combination worked. Check the server name and the network.</source>
        <translation>所有组合都不通。请检查服务器地址和网络。</translation>
    </message>
    <message>
        <source>Recommended: port %1 with %2.</source>
        <translation>建议:端口 %1,加密方式 %2。</translation>
    </message>
    <message>
        <source>Its certificate is not trusted yet: apply the recommendation, then check the certificate and trust it, or choose your company&apos;s CA file.</source>
        <translation>它的证书目前不受信任:请先应用推荐的设置,再核对证书并选择信任,或选择公司的 CA 证书文件。</translation>
    </message>
    <message>
        <source>Only an unencrypted connection works (port %1): the password would cross the network in clear text. Use it only on a trusted internal network, by choosing &quot;None&quot; yourself.</source>
        <translation>只有不加密的连接可用(端口 %1):密码会以明文在网络上传输。只应在可信的内部网络中使用,并由您自己把加密方式选为「不加密」。</translation>
    </message>
    <message>
        <source>Continue without a test?</source>
        <translation>不测试就继续?</translation>
    </message>
    <message>
        <source>The settings have not been proven to work. The exported file will say it is unverified. Continue?</source>
        <translation>这些设置还没有验证过。导出的文件会标明「未验证」。要继续吗?</translation>
    </message>
</context>
<context>
    <name>TextDialog</name>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
</context>
<context>
    <name>TranscriptDialog</name>
    <message>
        <source>SMTP transcript</source>
        <translation>SMTP 会话记录</translation>
    </message>
    <message>
        <source>Every line sent (C:) and received (S:). The password is already removed, so you can send this to support.</source>
        <translation>发送(C:)和收到(S:)的每一行。密码已经去掉,可以直接发给技术支持。</translation>
    </message>
</context>
<context>
    <name>Unfinished</name>
    <message>
        <source>Discard this setup?</source>
        <translation>放弃本次设置?</translation>
    </message>
    <message>
        <source>These are the demo&apos;s settings: they are not kept, because the demo mail server exists only while the wizard runs. Quit the demo?</source>
        <translation>这些是演示的设置,不会保留:演示邮件服务器只在向导运行期间存在。退出演示吗?</translation>
    </message>
    <message>
        <source>The settings you typed have not been exported yet. Keep them as a draft (without the password) to continue at the next start?

An authorization code is shown only once: if you discard it, a new one must be generated.</source>
        <translation>已填写的设置还没有导出。要保留为草稿(不含密码),下次启动时接着设置吗?

授权码只显示一次:放弃后需要重新生成。</translation>
    </message>
    <message>
        <source>&amp;Keep a draft and quit</source>
        <translation>保留草稿并退出(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Discard and quit</source>
        <translation>放弃并退出(&amp;D)</translation>
    </message>
    <message>
        <source>Continue &amp;setup</source>
        <translation>继续设置(&amp;S)</translation>
    </message>
    <message>
        <source>Unfinished setup not readable</source>
        <translation>无法读取未完成的设置</translation>
    </message>
    <message>
        <source>The setup left unfinished last time could not be read (the file is damaged). It was set aside as %1; the setup starts afresh.</source>
        <translation>上次未完成的设置无法读取(文件已损坏),已移到 %1;现在重新开始设置。</translation>
    </message>
    <message>
        <source>Continue the unfinished setup?</source>
        <translation>继续上次没完成的设置?</translation>
    </message>
    <message>
        <source>A setup was left unfinished last time (%1). Continue it? The password must be entered again.</source>
        <translation>上次有一个没完成的设置(%1)。要接着设置吗?密码需要重新填写。</translation>
    </message>
</context>
</TS>
