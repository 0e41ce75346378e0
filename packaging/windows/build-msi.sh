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
if [ -n "$signing" ]; then
  packaging/windows/sign.sh "$stage/onshi-tray.exe" >/dev/null
fi

msi=target/dist/onshi-tray-$version-x64.msi
wixl --arch x64 -D Version="$version" -D SourceDir="$stage" -o "$msi" packaging/windows/onshi-tray.wxs

# What wixl 0.101 cannot write, set in the database directly: the condition that makes AUTOSTART=0 leave out the
# Run key, and AUTOSTART among the properties a managed (GPO, Intune) install passes to the elevated part.
msibuild "$msi" -q "UPDATE Component SET Condition = 'AUTOSTART = \"1\"' WHERE Component = 'Autostart'"
msibuild "$msi" -q "UPDATE Property SET Value = 'WIX_DOWNGRADE_DETECTED;WIX_UPGRADE_DETECTED;AUTOSTART' WHERE Property = 'SecureCustomProperties'"
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
# Nothing may change the MSI after this: it would break the signature.
if [ -n "$signing" ]; then
  echo "signed: $(packaging/windows/sign.sh "$msi") $msi" >&2
fi
echo "$msi"
