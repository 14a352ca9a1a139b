# trawl - build rules.
#
#   make            release build: build/trawl and build/libtrawl.a
#   make CC=clang   the same with clang
#   make asan       ASan+UBSan build in build-asan/
#   make check      build, then run the whole test suite (tests/run)
#
# Every .c file under src/ is part of the library; cli/ is the command.
# Warnings are errors: a tree that warns does not build.

CC      ?= cc
BUILD   ?= build
OPT     ?= -O2 -g
SAN     ?=
CSTD     = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
WARN     = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wvla -Wformat=2 -Wno-format-nonliteral
CFLAGS  += $(CSTD) $(WARN) $(OPT) $(SAN) -Iinclude -Isrc -MMD -MP
LDLIBS  += -lisal -lz -lpcre2-8 -lyaml -lpthread -lm

LIB_SRC := $(sort $(shell find src -name '*.c'))
CLI_SRC := $(sort $(wildcard cli/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TOOL_SRC := $(sort $(wildcard tests/tools/*.c bench/*.c))
TOOL_BIN := $(patsubst %.c,$(BUILD)/%,$(notdir $(TOOL_SRC)))

all: $(BUILD)/trawl $(UNIT_BIN) $(TOOL_BIN)

$(BUILD)/libtrawl.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/trawl: $(CLI_OBJ) $(BUILD)/libtrawl.a
	$(CC) $(CFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libtrawl.a $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libtrawl.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit -o $@ $< $(BUILD)/libtrawl.a $(LDLIBS)

$(BUILD)/%: tests/tools/%.c $(BUILD)/libtrawl.a
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/libtrawl.a $(LDLIBS)

$(BUILD)/%: bench/%.c $(BUILD)/libtrawl.a
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/libtrawl.a $(LDLIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

asan:
	$(MAKE) BUILD=build-asan OPT="-O1 -g" \
	  SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"

check: all
	tests/run

clean:
	rm -rf build build-asan build-clang

.PHONY: all asan check clean
-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
