#!/usr/bin/env python3
"""packages.py - fails when something meson.build found comes from no
package that scripts/packages lists (or that one of them depends on, or that
every Debian 12 system has).

A green run on a machine that happened to have a package installed by hand
hides a missing install step until a fresh machine meets it.  So this asks
the machine itself: for every program, library, header and pkg-config
dependency meson found (its log and `meson introspect`), and the files
revgen's build names for run time (libclang and its resource directory),
`dpkg -S` says which package owns the file; that package must be in the
closure of the listed ones under Depends/Pre-Depends.

Two checks:
  --build DIR --sections build test
      the configured build DIR (tests enabled) against those sections;
  --fresh-build --sections build
      configures the source anew with every test-only feature disabled (what
      `meson setup build` does for a user) and checks it against the build
      section alone: revgen itself must need nothing from the test section.

Either check then removes, one at a time, the listed packages that own a
file it found, until one removal is reported as missing: a check that could
not fail would prove nothing.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

# meson-log.txt lines that name what was found
PROGRAM = re.compile(r"^Program (\S+) found: YES \(([^ )]+)")
LIBRARY = re.compile(r"^Library (\S+) found: YES")
HEADER = re.compile(r'^Has header "([^"]+)" : YES')
COMPILER = re.compile(r"^C compiler for the host machine: (\S+)")
# -D values in compile commands that revgen uses at run time
RESOURCE_DIR = re.compile(r'-DRG_CLANG_RESOURCE_DIR="([^"]+)"')
SONAME = re.compile(r'-DRG_LIBCLANG_SONAME="([^"]+)"')


def run(*argv, check=True):
    r = subprocess.run(argv, capture_output=True, text=True)
    if check and r.returncode != 0:
        sys.exit(f"packages.py: {' '.join(argv)} failed: {r.stderr.strip()}")
    return r


def listed(source, sections):
    # the scripts' own reading of the list, so that there is one parser
    out = run("bash", os.path.join(source, "scripts", "install-packages.sh"), "--list",
              *sections).stdout
    pkgs = out.split()
    if not pkgs:
        sys.exit(f"packages.py: scripts/packages lists nothing under {sections}")
    return pkgs


class Installed:
    """The installed packages, with what each depends on and provides."""

    def __init__(self):
        fmt = "${Package}\t${Status}\t${Essential}\t${Priority}\t${Provides}\t${Pre-Depends}\t${Depends}\n"
        out = run("dpkg-query", "-W", "-f", fmt).stdout
        self.deps = {}
        self.base = set()
        self.providers = {}
        for line in out.splitlines():
            name, status, essential, priority, provides, pre, deps = line.split("\t")
            if not status.endswith(" installed"):
                continue
            self.deps[name] = [g for g in (pre + "," + deps).split(",") if g.strip()]
            if essential == "yes" or priority == "required":
                self.base.add(name)
            for p in provides.split(","):
                if p.strip():
                    self.providers.setdefault(self.bare(p), set()).add(name)

    @staticmethod
    def bare(dep):
        # "libc6 (>= 2.34)", "python3:any" -> the package name
        return dep.strip().split(" ")[0].split(":")[0]

    def closure(self, roots):
        seen = set()
        todo = [r for r in roots if r in self.deps] + sorted(self.base)
        while todo:
            p = todo.pop()
            if p in seen:
                continue
            seen.add(p)
            for group in self.deps.get(p, []):
                for alt in group.split("|"):
                    name = self.bare(alt)
                    for q in [name] + sorted(self.providers.get(name, ())):
                        if q in self.deps and q not in seen:
                            todo.append(q)
        return seen


def owners(paths):
    """{path: the packages that own it}, also through symlinks and /usr-merge
    (dpkg knows a file by the path its package ships it under), asked of
    dpkg in one call."""
    tries = {}
    for path in paths:
        forms = [path, os.path.realpath(path)]
        for p in list(forms):
            forms.append(p[4:] if p.startswith("/usr/") else "/usr" + p)
        tries[path] = forms
    wanted = sorted({p for forms in tries.values() for p in forms if os.path.isabs(p)})
    owned = {}
    r = run("dpkg-query", "-S", *wanted, check=False)  # 1 when some are not found
    for line in r.stdout.splitlines():
        if line.startswith("diversion "):
            continue
        names, _, p = line.partition(": ")
        owned.setdefault(p.strip(), set()).update(n.strip().split(":")[0] for n in names.split(","))
    result = {}
    for path, forms in tries.items():
        result[path] = next((owned[p] for p in forms if owned.get(p)), set())
    return result


def compiler_file(cc, name):
    for lib in (f"lib{name}.so", f"lib{name}.a"):
        r = run(cc, f"-print-file-name={lib}", check=False)
        path = r.stdout.strip()
        if os.path.isabs(path) and os.path.exists(path):
            return os.path.normpath(path)
    return None


def header_file(cc, header, include_args):
    src = f"#include <{header}>\n"
    r = subprocess.run([cc, *include_args, "-M", "-x", "c", "-"], input=src,
                       capture_output=True, text=True)
    if r.returncode != 0:
        return None
    for word in r.stdout.replace("\\\n", " ").split()[1:]:
        if word.endswith("/" + header) or word == header:
            return os.path.normpath(word)
    return None


def found_by_meson(build):
    """(what, path) for everything the configured build found."""
    found = []
    cc = "cc"
    include_args = []
    with open(os.path.join(build, "meson-logs", "meson-log.txt")) as f:
        log = f.read().splitlines()
    deps = json.loads(run("meson", "introspect", build, "--dependencies").stdout)
    for d in deps:
        for a in d.get("compile_args", []):
            if a.startswith("-I") or a.startswith("-isystem"):
                include_args.append(a)
        for a in d.get("link_args", []):
            if os.path.isabs(a):
                found.append((f"dependency {d['name']}", a))
        r = run("pkg-config", "--path", d["name"], check=False)
        if r.returncode == 0:
            found.append((f"dependency {d['name']} (pkg-config)", r.stdout.strip()))
    for line in log:
        m = COMPILER.match(line)
        if m:
            cc = m.group(1)
            found.append(("the C compiler", shutil.which(cc) or cc))
        m = PROGRAM.match(line)
        if m:
            found.append((f"program {m.group(1)}", m.group(2)))
        m = LIBRARY.match(line)
        if m:
            path = compiler_file(cc, m.group(1))
            found.append((f"library {m.group(1)}", path or f"(lib{m.group(1)} not found by {cc})"))
    for line in log:
        m = HEADER.match(line)
        if m:
            path = header_file(cc, m.group(1), include_args)
            found.append((f"header {m.group(1)}", path or f"({m.group(1)} not found by {cc})"))
    for tool in ("meson", "ninja"):
        found.append((f"the build tool {tool}", shutil.which(tool) or tool))
    # what the built revgen opens at run time, as the build compiled it in
    commands = run("ninja", "-C", build, "-t", "commands").stdout
    m = RESOURCE_DIR.search(commands)
    if m:
        found.append(("libclang's resource directory", os.path.join(m.group(1), "include", "stdbool.h")))
    m = SONAME.search(commands)
    if m:
        path = None
        for line in run("ldconfig", "-p").stdout.splitlines():
            parts = line.strip().split(" => ")
            if len(parts) == 2 and parts[0].split(" ")[0] == m.group(1):
                path = parts[1]
                break
        found.append((f"libclang ({m.group(1)}, opened at run time)", path or f"({m.group(1)} not in ldconfig's cache)"))
    # unique, in order
    seen, out = set(), []
    for what, path in found:
        if (what, path) not in seen:
            seen.add((what, path))
            out.append((what, path))
    return out


def unprovided(found, ownership, allowed):
    bad = []
    for what, path in found:
        pk = ownership[path]
        if not pk:
            bad.append(f"{what}: {path} belongs to no installed package")
        elif not pk & allowed:
            bad.append(f"{what}: {path} comes from {', '.join(sorted(pk))}, which the list does not bring")
    return bad


def check(build, source, sections, installed):
    pkgs = listed(source, sections)
    not_installed = [p for p in pkgs if p not in installed.deps]
    if not_installed:
        print(f"not installed, though listed under {'/'.join(sections)}: {' '.join(not_installed)}")
        return False
    found = found_by_meson(build)
    ownership = owners([path for _, path in found])
    bad = unprovided(found, ownership, installed.closure(pkgs))
    for what, path in found:
        print(f"  {what}: {path} [{', '.join(sorted(ownership[path])) or '-'}]")
    if bad:
        print(f"meson found what no package listed under {'/'.join(sections)} in scripts/packages brings:")
        for b in bad:
            print("  " + b)
        return False
    # could it fail?  Leave out a listed package that owns a found file.
    for p in pkgs:
        if not any(p in ownership[path] for _, path in found):
            continue
        left = installed.closure([q for q in pkgs if q != p])
        missed = unprovided(found, ownership, left)
        if missed:
            print(f"ok: {len(found)} things meson found, each from the list; without {p}: {missed[0]}")
            return True
    print("the check never fails: no listed package's removal leaves anything unprovided")
    return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", required=True)
    ap.add_argument("--build")
    ap.add_argument("--fresh-build", action="store_true")
    ap.add_argument("--sections", nargs="+", required=True)
    a = ap.parse_args()
    installed = Installed()
    if a.fresh_build:
        with tempfile.TemporaryDirectory(prefix="revgen-packages.") as tmp:
            build = os.path.join(tmp, "build")
            # every option of type feature set to disabled: what revgen
            # needs with nothing for the tests
            r = run("meson", "setup", "--auto-features=disabled", build, a.source, check=False)
            if r.returncode != 0:
                print(r.stdout + r.stderr)
                print("meson setup failed with the test-only features disabled")
                return 1
            return 0 if check(build, a.source, a.sections, installed) else 1
    return 0 if check(a.build, a.source, a.sections, installed) else 1


if __name__ == "__main__":
    sys.exit(main())
