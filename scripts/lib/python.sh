# Sourced by the project's scripts: a virtual environment with huggingface_hub (the reference
# client) for the fidelity tests, made once under build/py. pip uses the machine's own
# configuration (its wheel folders and index), so nothing here names a host.
HF_HUB_VERSION=${HF_HUB_VERSION:-2.0.0}

# When pip is set up with extra (local) indexes, use those alone: the default index may be
# unreachable, and pip would spend minutes retrying it before falling back.
_pip_index_args() {
  local extra first
  extra=$(python3 -m pip config get global.extra-index-url 2>/dev/null || true)
  [ -n "$extra" ] || return 0
  first=${extra%%[[:space:]]*}
  printf -- '--index-url %s' "$first"
  for url in ${extra#"$first"}; do printf -- ' --extra-index-url %s' "$url"; done
}

ensure_hf_venv() {
  local root venv
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  venv="$root/build/py"
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import huggingface_hub, sys; sys.exit(huggingface_hub.__version__ != '$HF_HUB_VERSION')" 2>/dev/null; then
    echo "==> preparing $venv with huggingface_hub==$HF_HUB_VERSION"
    python3 -m venv "$venv" || { echo "error: python3 -m venv failed; install python3-venv" >&2; return 1; }
    if ! "$venv/bin/pip" install -q $(_pip_index_args) "huggingface_hub==$HF_HUB_VERSION" >"$venv.log" 2>&1; then
      cat "$venv.log" >&2
      echo "error: could not install huggingface_hub==$HF_HUB_VERSION into $venv" >&2
      return 1
    fi
  fi
  export HF_HUB_PYTHON="$venv/bin/python"
}

# The benchmark's Python peer (local-stack/peer) needs boto3 beside huggingface_hub.
ensure_peer_python() {
  ensure_hf_venv || return 1
  if ! "$HF_HUB_PYTHON" -c "import boto3" 2>/dev/null; then
    echo "==> adding boto3 to $(dirname "$(dirname "$HF_HUB_PYTHON")") (the benchmark's Python peer)"
    if ! "$(dirname "$HF_HUB_PYTHON")/pip" install -q $(_pip_index_args) boto3 >/tmp/hf-jobs-peer-pip.log 2>&1; then
      cat /tmp/hf-jobs-peer-pip.log >&2
      echo "error: could not install boto3 for the benchmark's Python peer" >&2
      return 1
    fi
  fi
}

ensure_moto_server() {
  if ! command -v moto_server >/dev/null 2>&1; then
    echo "==> installing moto[server]"
    python3 -m pip install -q 'moto[server]' >&2 || { echo "error: moto_server is missing and could not be installed" >&2; return 1; }
  fi
  MOTO_SERVER=$(command -v moto_server)
  export MOTO_SERVER
}
