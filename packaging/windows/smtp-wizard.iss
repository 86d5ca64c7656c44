; Windows installer of the one-folder bundle (Inno Setup 6), built by scripts/package_release.py
; on the release workflow's Windows runner:
;   iscc /DAppVersion=0.1.0 /DSourceDir=dist\smtp-wizard /DOutputDir=release /DOutputName=... smtp-wizard.iss
; Per user, no administrator rights: installs into the user's own Programs folder
; (%LOCALAPPDATA%\Programs\smtp-wizard), adds a Start-menu entry for the wizard, and registers an
; uninstaller under the user's Apps (Settings > Apps, or the Start-menu entry "卸载 …").
; The installed smtp-wizard-cli.exe is the console command line for scripts.

#ifndef AppVersion
  #error Pass /DAppVersion=X.Y.Z
#endif
#ifndef SourceDir
  #error Pass /DSourceDir=path\to\dist\smtp-wizard
#endif
#ifndef OutputDir
  #define OutputDir "."
#endif
#ifndef OutputName
  #define OutputName "smtp-wizard-setup-" + AppVersion
#endif

[Setup]
; A fixed AppId: upgrades replace the earlier version instead of installing beside it.
AppId={{6F1C2E0B-8C67-4B7A-9E43-5D0C8A1F2B31}
AppName=邮件服务集成向导 (smtp-wizard)
AppVersion={#AppVersion}
AppPublisher=smtp-wizard
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\smtp-wizard
DefaultGroupName=邮件服务集成向导
DisableProgramGroupPage=yes
; Per-user install without a UAC prompt; {autopf} is then the user's own Programs folder.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
UninstallDisplayIcon={app}\smtp-wizard.exe
UninstallDisplayName=邮件服务集成向导 (smtp-wizard) {#AppVersion}
OutputDir={#OutputDir}
OutputBaseFilename={#OutputName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto

[Languages]
; Chinese where this Inno Setup ships the translation (newer releases do), else English only.
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif
Name: "english"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\邮件服务集成向导"; Filename: "{app}\smtp-wizard.exe"; Comment: "SMTP setup wizard"
Name: "{autoprograms}\卸载 邮件服务集成向导"; Filename: "{uninstallexe}"

[Run]
Filename: "{app}\smtp-wizard.exe"; Description: "{cm:LaunchProgram,邮件服务集成向导}"; Flags: nowait postinstall skipifsilent
