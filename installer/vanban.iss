; Inno Setup 6 script of the VănBản installer: a per-user install, no administrator rights.
;
;   ISCC.exe /DAppVersion=0.1.0 installer\vanban.iss      (CI: .github/workflows/windows.yml)
;
; Input: the one-folder program built by tools\build_bundle.py (build\dist\VanBan\, override with
; /DSourceDir=...). Output: build\dist\VanBan-<version>-setup.exe (override with /DOutputDir=...).
; The version is the package's (desktop\__init__.py __version__), passed by the workflow; without
; /DAppVersion it is read from VanBan.exe's version resource, which build.spec writes from it.
;
; Per user: installed into %LOCALAPPDATA%\Programs\VanBan ({autopf} when PrivilegesRequired=lowest),
; Start menu entry in the user's own Programs folder. Uninstalling removes that program folder only:
; the clerk's settings, organisation profiles and autosaves in %LOCALAPPDATA%\VanBan (platformdirs,
; app name "VanBan") are never listed below, so they survive an uninstall and a reinstall.

#ifndef SourceDir
  #define SourceDir AddBackslash(SourcePath) + "..\build\dist\VanBan"
#endif
#ifndef OutputDir
  #define OutputDir AddBackslash(SourcePath) + "..\build\dist"
#endif
#ifndef AppVersion
  #define AppVersion GetVersionNumbersString(AddBackslash(SourceDir) + "VanBan.exe")
#endif
#define AppName "VănBản"
#define AppExe "VanBan.exe"
#define CliExe "vanban-cli.exe"

[Setup]
; A fixed AppId: a new version installs over the old one and keeps one entry in Apps & features.
AppId={{6F1D3A52-7C4B-4E1A-9B2E-5A8D0C7E4F31}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=VănBản
VersionInfoVersion={#AppVersion}
VersionInfoDescription=VănBản – trình cài đặt
PrivilegesRequired=lowest
DefaultDirName={autopf}\VanBan
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
UsePreviousAppDir=yes
; x64, not x64compatible: accepted by every Inno Setup 6 (the runner's preinstalled one may predate 6.3)
ArchitecturesAllowed=x64
ArchitecturesInstallIn64BitMode=x64
OutputDir={#OutputDir}
OutputBaseFilename=VanBan-{#AppVersion}-setup
SetupIconFile={#SourcePath}..\resources\icons\vanban.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
RestartApplications=no
ChangesEnvironment=no
ChangesAssociations=no

[Languages]
#if FileExists(CompilerPath + "Languages\Vietnamese.isl")
Name: "vietnamese"; MessagesFile: "compiler:Languages\Vietnamese.isl"
#elif FileExists(CompilerPath + "Languages\Unofficial\Vietnamese.isl")
Name: "vietnamese"; MessagesFile: "compiler:Languages\Unofficial\Vietnamese.isl"
#else
Name: "english"; MessagesFile: "compiler:Default.isl"
#endif

[CustomMessages]
DesktopIcon=Tạo biểu tượng VănBản trên màn hình nền
Launch=Mở VănBản ngay
StartComment=Soạn và kiểm tra văn bản của Đảng và nhà nước
CliComment=VănBản dòng lệnh: vanban-cli --help

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "{cm:StartComment}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "{cm:StartComment}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:Launch}"; Flags: nowait postinstall skipifsilent

[InstallDelete]
; an older version's program files (its _internal\ folder), never the user's data
Type: filesandordirs; Name: "{app}\_internal"

[UninstallDelete]
; files the program itself may add beside itself; %LOCALAPPDATA%\VanBan is not touched
Type: filesandordirs; Name: "{app}\_internal"
Type: dirifempty; Name: "{app}"
