# The two commands: `make run` and `make test`. Both build .venv/ from uv.lock first.
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
VENV := .venv/.installed

.PHONY: run test install bench clean

run: $(VENV)
	.venv/bin/akhbar run

test: $(VENV)
	.venv/bin/pytest

install: $(VENV)

# uv is installed into a private tool folder when the machine has none.
.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv

$(VENV): uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

clean:
	rm -rf .venv .tools warehouse/akhbar.duckdb warehouse/lake
