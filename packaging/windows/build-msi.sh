#!/usr/bin/env bash
# Builds the Windows exe (cross-compiled with mingw-w64) and its MSI (wixl; msitools for the database edits) on Debian/Ubuntu.
#   packaging/windows/build-msi.sh                     -> target/dist/onshi-tray-<version>-x64.msi
#   packaging/windows/build-msi.sh --version 0.1.1     the same exe in an MSI of another version (upgrade tests)
# Needs: scripts/setup.sh package (gcc-mingw-w64-x86-64, msitools, the x86_64-pc-windows-gnu target).
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"

crate_version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n1)
version=$crate_version
while (($#)); do
  case "$1" in
    --version) version=$2; shift 2 ;;
    *) echo "usage: $0 [--version X.Y.Z]" >&2; exit 2 ;;
  esac
done

# Signing (packaging/windows/sign.sh) when a certificate is given in the environment: the exe before it goes into
# the MSI, and the MSI as the very last step.
signing=
[ -n "${ONSHI_SIGN_PKCS12:-}${ONSHI_SIGN_PKCS11_MODULE:-}" ] && signing=1

cargo build --release --locked --target x86_64-pc-windows-gnu
stage=target/dist/windows
mkdir -p "$stage"
cp target/x86_64-pc-windows-gnu/release/onshi-tray.exe "$stage/onshi-tray.exe"
cp config/system.toml "$stage/config.example.toml"
# The toasts' icon (installed beside the exe) and the multi-size icon of "Apps & features" and the shortcut.
cp assets/idle.png "$stage/onshi-tray.png"
cargo run --quiet --release --locked --example icons -- --ico "$stage/onshi-tray.ico"
if [ -n "$signing" ]; then
  packaging/windows/sign.sh "$stage/onshi-tray.exe" >/dev/null
fi

msi=target/dist/onshi-tray-$version-x64.msi
wixl --arch x64 -D Version="$version" -D SourceDir="$stage" -o "$msi" packaging/windows/onshi-tray.wxs

# What wixl 0.101 cannot write, set in the database directly: the condition that makes AUTOSTART=0 leave out the
# Run key, and AUTOSTART among the properties a managed (GPO, Intune) install passes to the elevated part.
msibuild "$msi" -q "UPDATE Component SET Condition = 'AUTOSTART = \"1\"' WHERE Component = 'Autostart'"
msibuild "$msi" -q "UPDATE Property SET Value = 'WIX_DOWNGRADE_DETECTED;WIX_UPGRADE_DETECTED;AUTOSTART' WHERE Property = 'SecureCustomProperties'"
# Tables wixl has no element for, imported as IDT files (tab-separated: columns, types, table and keys, rows).
idt=$(mktemp -d "${TMPDIR:-/tmp}/onshi-idt.XXXXXX")
trap 'rm -rf "$idt"' EXIT
table() { # NAME LINE... -> $idt/NAME.idt, imported into the MSI
  local name=$1
  shift
  printf '%s\r\n' "$@" >"$idt/$name.idt"
  msibuild "$msi" -i "$idt/$name.idt"
}
# Japanese strings (the AppUserModelID's name) need a Japanese code page: wixl drops non-ASCII values.
table _ForceCodepage '' '' $'932\t_ForceCodepage'
msibuild "$msi" -q "UPDATE Registry SET Value = 'オン資メンテナンス通知' WHERE Value = 'APP_DISPLAY_NAME'"
# "*": the AppUserModelID's key is removed at uninstall, not only its values.
msibuild "$msi" -q "INSERT INTO Registry (Registry, Root, \`Key\`, Name, Component_) VALUES ('AppUserModelIdKey', 2, 'Software\\Classes\\AppUserModelId\\OnshiTray.OnshiTray', '*', 'AppIdentity')"
# And so is the toast activator's class key (CLSID\{…} with its LocalServer32).
msibuild "$msi" -q "INSERT INTO Registry (Registry, Root, \`Key\`, Name, Component_) VALUES ('ToastActivatorKey', 2, 'Software\\Classes\\CLSID\\{5EE1A160-2F78-4AD2-A94A-9BF988CC9613}', '*', 'AppIdentity')"
# The Start-menu shortcut carries the AppUserModelID, so Windows ties the toasts to it.
table MsiShortcutProperty \
  $'MsiShortcutProperty\tShortcut_\tPropertyKey\tPropVariantValue\tSequence' \
  $'s72\ts72\ts255\ts255\tI2' \
  $'MsiShortcutProperty\tMsiShortcutProperty' \
  $'AppUserModelId\tStartMenuShortcut\tSystem.AppUserModel.ID\tOnshiTray.OnshiTray\t'
# %ProgramData%\onshi-tray holds the machine-wide config every user's app trusts: SYSTEM and Administrators may
# change it, Users may only read (protected: ProgramData's "Users may create files" is not inherited).
table MsiLockPermissionsEx \
  $'MsiLockPermissionsEx\tLockObject\tTable\tSDDL\tCondition' \
  $'s72\ts72\ts32\ts0\tS255' \
  $'MsiLockPermissionsEx\tMsiLockPermissionsEx' \
  $'MachineConfigAcl\tMACHINECONFIGDIR\tCreateFolder\tD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1200a9;;;BU)\t'
# The exe's version and language, as in its VERSIONINFO (build.rs): Windows Installer compares versions to decide
# what to replace, and reviewers read them.
msibuild "$msi" -q "UPDATE File SET Version = '$crate_version.0', Language = '1041' WHERE File = 'OnshiTrayExe'"
# Short names beside the long ones (ICE03): for 8.3-only tools and volumes.
msibuild "$msi" -q "UPDATE File SET FileName = 'ONSHIT~1.EXE|onshi-tray.exe' WHERE File = 'OnshiTrayExe'"
msibuild "$msi" -q "UPDATE File SET FileName = 'ONSHIT~1.PNG|onshi-tray.png' WHERE File = 'OnshiTrayPng'"
msibuild "$msi" -q "UPDATE File SET FileName = 'CONFIG~1.TOM|config.example.toml' WHERE File = 'ConfigExample'"
msibuild "$msi" -q "UPDATE Directory SET DefaultDir = 'ONSHIT~1|onshi-tray' WHERE DefaultDir = 'onshi-tray'"
msibuild "$msi" -q "UPDATE Shortcut SET Name = 'ONSHIT~1|onshi-tray' WHERE Shortcut = 'StartMenuShortcut'"

# Every build gets a new ProductCode, so a rebuilt MSI of the same version must replace the installed one, not sit
# beside it: WiX's AllowSameVersionUpgrades, which wixl lacks, is the upgrade row's VersionMaxInclusive bit (512)
# beside MigrateFeatures (1).
# Attributes is part of the Upgrade table's key, which MSI SQL cannot update: the row is replaced.
upgrade_code=$(msiinfo export "$msi" Property | tr -d '\r' | awk -F'\t' '$1 == "UpgradeCode" { print $2 }')
msibuild "$msi" -q "DELETE FROM Upgrade WHERE ActionProperty = 'WIX_UPGRADE_DETECTED'"
msibuild "$msi" -q "INSERT INTO Upgrade (UpgradeCode, VersionMax, Attributes, ActionProperty) VALUES ('$upgrade_code', '$version', 513, 'WIX_UPGRADE_DETECTED')"
msiinfo export "$msi" Upgrade | tr -d '\r' | grep -q $'\t513\t\tWIX_UPGRADE_DETECTED$' || {
  echo "build-msi: the upgrade row does not include the same version; a rebuild would install side by side" >&2
  exit 1
}
components=$(msiinfo export "$msi" Component)
grep -q $'^Autostart\t.*\tAUTOSTART = "1"\t' <<<"$components" || {
  echo "build-msi: the Autostart component has no condition; AUTOSTART=0 would not work" >&2
  exit 1
}
files=$(msiinfo export "$msi" File | tr -d '\r')
grep -q $'^OnshiTrayExe\tProgram\tONSHIT~1.EXE|onshi-tray.exe\t[0-9]*\t'"$crate_version"$'.0\t1041\t' <<<"$files" || {
  echo "build-msi: the exe's File row lacks its short name, version or language" >&2
  exit 1
}
# Nothing may change the MSI after this: it would break the signature.
if [ -n "$signing" ]; then
  echo "signed: $(packaging/windows/sign.sh "$msi") $msi" >&2
fi
echo "$msi"
