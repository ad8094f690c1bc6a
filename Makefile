# lenscribe: `make site` and `make test` are all a fresh machine needs (see README.md).
SHELL := /bin/bash
SWIFT ?= swift
# Release builds for AVX2/FMA/F16C machines; kept out of Package.swift on purpose (DESIGN.md).
# -enable-testing lets the release-mode tests use @testable; the binary is built the same way
# so that `make test` compiles every module once.
RELEASE := -c release -Xswiftc -target-cpu -Xswiftc haswell -Xswiftc -enable-testing
BIN := .build/release/lenscribe
CACHE := $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/lenscribe
VENV := $(CACHE)/venv

.PHONY: site test build deps models bench venv reference-venv clean

## site: install what is missing, fetch the two real models, fit their tuned lenses, build
## the example site
site: lenses
	$(BIN) build site

## test: build in release mode, fetch both models, run every test
test: build lenses tokenizer-vectors
	$(SWIFT) build --build-tests $(RELEASE)
	$(SWIFT) test --skip-build $(RELEASE)

## build: the release binary (installs missing system packages first)
build: deps
	$(SWIFT) build $(RELEASE) --product lenscribe

deps:
	@bash scripts/install-deps.sh

## tokenizer-vectors: llama.cpp's tokenizer test vectors, fetched once into the cache
.PHONY: tokenizer-vectors
tokenizer-vectors:
	@bash scripts/fetch-tokenizer-vectors.sh

models: build
	$(BIN) models fetch smollm2-135m
	$(BIN) models fetch gemma3-270m

## lenses: the tuned lenses of both models on the default text (minutes, once; then reused)
.PHONY: lenses
lenses: models
	$(BIN) lens fit --model smollm2-135m --evaluate 0
	$(BIN) lens fit --model gemma3-270m --evaluate 0

## venv: Python with gguf and numpy, for the scripts that regenerate committed goldens
venv:
	@bash scripts/setup-venv.sh "$(VENV)"

## reference-venv: the venv plus llama-cpp-python built from source (~25 min on 2 cores)
reference-venv:
	@bash scripts/setup-venv.sh "$(VENV)" --llama

## bench: throughput next to reference numbers measured in the same run
bench: models reference-venv
	$(SWIFT) build $(RELEASE) --product lenscribe-bench
	.build/release/lenscribe-bench

clean:
	rm -rf .build
