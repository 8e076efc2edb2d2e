#!/usr/bin/env python3
"""ci-job.py github|gitlab FILE [--set VAR=VALUE]... [--expr EXPR=VALUE]...

Reads the CI recipe FILE (examples/ci/) with a YAML parser, checks that it
is the job the guide describes, and prints a bash script that runs its
commands in order the way the forge would (for e2e-ci-recipe.sh):

  github  each `run:` step in `bash --noprofile --norc -eo pipefail` (the
          runner's `shell: bash`), with the job's and the step's env; once
          a step fails, only the steps whose `if:` asks for it (!cancelled(),
          always()) run.  The step that builds revgen is left out (it needs
          the network and root), so is every `uses:` step.  ${{ EXPR }} in
          an env value is replaced by --expr's value; any other is an error.
  gitlab  `script` as one bash -eo pipefail script, then `after_script` as
          another whatever the first gave; `before_script` (the build of
          revgen) left out.

--set VAR=VALUE sets a variable after the file's (the test's databases,
the forge's predefined variables).  The script prints "step NAME: STATUS"
for each command run and exits with the job's status (0, or 1 when a step
failed).
"""
import argparse
import re
import shlex
import sys

import yaml


def die(msg):
    sys.exit(f"ci-job.py: {msg}")


def need(cond, msg):
    if not cond:
        die(msg)


def expand(value, exprs):
    def one(m):
        e = m.group(1).strip()
        need(e in exprs, f"no --expr for ${{{{ {e} }}}}")
        return exprs[e]
    return re.sub(r"\$\{\{(.*?)\}\}", one, str(value))


def exports(env, exprs):
    return "".join(f"export {k}={shlex.quote(expand(v, exprs))}\n" for k, v in env.items())


def github(doc, exprs):
    # YAML 1.1 reads the key `on` as true
    on = doc.get("on", doc.get(True))
    need(isinstance(on, dict) and "pull_request" in on, "not run on pull_request")
    need(doc.get("permissions", {}).get("pull-requests") == "write",
         "no pull-requests: write permission: the comment would be refused")
    jobs = doc.get("jobs")
    need(isinstance(jobs, dict) and len(jobs) == 1, "one job expected")
    job = next(iter(jobs.values()))
    image = job.get("services", {}).get("postgres", {}).get("image", "")
    need(image.startswith("postgres:"), "no PostgreSQL service container")
    need(job.get("defaults", {}).get("run", {}).get("shell") == "bash", "shell is not bash")
    out = [exports(job.get("env", {}), exprs)]
    built = False
    for st in job["steps"]:
        need(("uses" in st) != ("run" in st), f"a step has both or neither of uses/run: {st}")
        if "uses" in st:
            continue
        name = st.get("name", st["run"].splitlines()[0])
        if name == "Build revgen":
            need("scripts/install-packages.sh build" in st["run"],
                 "Build revgen does not install scripts/packages' build section")
            built = True
            continue
        cond = str(st.get("if", ""))
        always = "cancelled()" in cond or "always()" in cond
        need(not cond or always, f"step {name}: an `if:` this runner cannot judge: {cond}")
        out.append(f"if [ $job -eq 0 ] || {str(always).lower()}; then\n"
                   f"  ( {exports(st.get('env', {}), exprs)}"
                   f"    exec bash --noprofile --norc -eo pipefail -c {shlex.quote(st['run'])} )\n"
                   f"  s=$?; echo \"step {name}: $s\"; [ $s -eq 0 ] || job=1\n"
                   f"fi\n")
    need(built, "no step named Build revgen")
    return out


def gitlab(doc, exprs):
    jobs = [v for k, v in doc.items() if isinstance(v, dict) and "script" in v]
    need(len(jobs) == 1, "one job expected")
    job = jobs[0]
    need(any("postgres" in (s["name"] if isinstance(s, dict) else s)
             for s in job.get("services", [])), "no PostgreSQL service container")
    need(any("merge_request_event" in str(r.get("if", "")) for r in job.get("rules", [])),
         "not run on merge requests")
    need(any("scripts/install-packages.sh build" in line for line in job["before_script"]),
         "before_script does not install scripts/packages' build section")
    # debian's image has no curl, which posts the note
    need(not any("curl " in line for line in job["after_script"]) or
         any("apt-get install" in line and " curl" in line for line in job["before_script"]),
         "after_script posts with curl, which before_script does not install")
    out = [exports(job.get("variables", {}), exprs)]
    for part, always in (("script", "false"), ("after_script", "true")):
        body = "\n".join(job[part])
        out.append(f"if [ $job -eq 0 ] || {always}; then\n"
                   f"  bash --noprofile --norc -eo pipefail -c {shlex.quote(body)}\n"
                   f"  s=$?; echo \"step {part}: $s\"; [ $s -eq 0 ] || {always} || job=1\n"
                   f"fi\n")
    return out


def main(argv):
    ap = argparse.ArgumentParser(usage=__doc__.splitlines()[0])
    ap.add_argument("forge", choices=("github", "gitlab"))
    ap.add_argument("file")
    ap.add_argument("--set", action="append", default=[])
    ap.add_argument("--expr", action="append", default=[])
    a = ap.parse_args(argv)
    for kv in a.set + a.expr:
        need("=" in kv, f"{kv}: VAR=VALUE")
    sets = [kv.split("=", 1) for kv in a.set]
    exprs = dict(kv.split("=", 1) for kv in a.expr)
    forge, path = a.forge, a.file
    try:
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
    except (OSError, yaml.YAMLError) as e:
        die(f"{path}: {e}")
    need(isinstance(doc, dict), f"{path} is not a YAML mapping")
    parts = (github if forge == "github" else gitlab)(doc, exprs)
    print("job=0")
    print(parts[0], end="")
    for k, v in sets:
        print(f"export {k}={shlex.quote(v)}")
    print("".join(parts[1:]), end="")
    print("exit $job")


if __name__ == "__main__":
    main(sys.argv[1:])
