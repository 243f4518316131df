#!/usr/bin/env python3
"""Reads an Airflow DAG file without Airflow and prints its SparkSubmitOperator tasks as JSON.

    python3 scripts/airflow/dag_checker.py scripts/airflow/greentrain_dag.py

The DAG file is parsed with the ``ast`` module, never imported, so neither Airflow nor the Spark
provider is needed. Values are evaluated from literals, from names assigned earlier in the file,
from ``os.environ.get(NAME, DEFAULT)`` (the default), from ``+`` of strings or lists and from
``timedelta(...)`` (as seconds); anything else is an error naming its line. Output:

    {"dag_id": ..., "params": {...}, "default_args": {...},
     "tasks": [{"variable", "task_id", "application", "java_class", "application_args", "conf",
                "properties_file", "conn_id", "name", "retries", "retry_delay_seconds"}, ...],
     "edges": [["clean", "convert"], ...]}

A task's ``retries`` and ``retry_delay_seconds`` are its own, or else those of ``default_args``.
Dependencies are read from ``a >> b >> [c, d]`` statements. Exit code 2 with one line on standard
error when the file holds something this reader does not understand.
"""

import ast
import json
import sys

OPERATOR = "SparkSubmitOperator"
TASK_FIELDS = ("task_id", "application", "java_class", "application_args", "conf", "properties_file",
               "conn_id", "name", "retries", "retry_delay")


class Unsupported(Exception):
    def __init__(self, node, what):
        super().__init__(f"line {getattr(node, 'lineno', '?')}: {what}")


def evaluate(node, names):
    """The value of an expression, with the names assigned so far."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        if node.id not in names:
            raise Unsupported(node, f"name '{node.id}' is not assigned before use")
        return names[node.id]
    if isinstance(node, (ast.List, ast.Tuple)):
        return [evaluate(element, names) for element in node.elts]
    if isinstance(node, ast.Dict):
        return {evaluate(k, names): evaluate(v, names) for k, v in zip(node.keys, node.values)}
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return evaluate(node.left, names) + evaluate(node.right, names)
    if isinstance(node, ast.Call):
        function = ast.unparse(node.func)
        if function == "os.environ.get" and len(node.args) == 2:
            return evaluate(node.args[1], names)
        if function == "timedelta":
            units = {"days": 86400, "hours": 3600, "minutes": 60, "seconds": 1}
            seconds = 0
            for keyword in node.keywords:
                if keyword.arg not in units:
                    raise Unsupported(node, f"timedelta({keyword.arg}=...) is not understood")
                seconds += evaluate(keyword.value, names) * units[keyword.arg]
            return {"timedelta_seconds": seconds}
        if function == "datetime":
            return "datetime(" + ", ".join(str(evaluate(a, names)) for a in node.args) + ")"
    raise Unsupported(node, f"cannot evaluate '{ast.unparse(node)}'")


def seconds(value):
    return value["timedelta_seconds"] if isinstance(value, dict) else value


def keywords(call, names):
    return {k.arg: evaluate(k.value, names) for k in call.keywords if k.arg is not None}


def dependencies(node, tasks, edges):
    """Adds the edges of a '>>' expression; returns (first tasks, last tasks) of the expression."""
    if isinstance(node, ast.Name):
        if node.id not in tasks:
            raise Unsupported(node, f"'{node.id}' is not a task")
        return [tasks[node.id]], [tasks[node.id]]
    if isinstance(node, ast.List):
        heads, tails = [], []
        for element in node.elts:
            h, t = dependencies(element, tasks, edges)
            heads += h
            tails += t
        return heads, tails
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.RShift):
        left_heads, left_tails = dependencies(node.left, tasks, edges)
        right_heads, right_tails = dependencies(node.right, tasks, edges)
        edges.extend([upstream, downstream] for upstream in left_tails for downstream in right_heads)
        return left_heads, right_tails
    raise Unsupported(node, f"dependency '{ast.unparse(node)}' is not of the form a >> b")


def read_dag(source):
    tree = ast.parse(source)
    names, tasks, edges = {}, {}, []
    result = {"dag_id": None, "params": {}, "default_args": {}, "tasks": [], "edges": edges}

    def visit(statements):
        for statement in statements:
            if isinstance(statement, (ast.Import, ast.ImportFrom)) or (
                    isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)):
                continue
            if isinstance(statement, ast.With):
                for item in statement.items:
                    call = item.context_expr
                    if isinstance(call, ast.Call) and ast.unparse(call.func) == "DAG":
                        arguments = keywords(call, names)
                        result["dag_id"] = arguments.get("dag_id")
                        result["params"] = arguments.get("params", {})
                        result["default_args"] = arguments.get("default_args", {})
                visit(statement.body)
            elif isinstance(statement, ast.Assign) and len(statement.targets) == 1 \
                    and isinstance(statement.targets[0], ast.Name):
                target = statement.targets[0].id
                value = statement.value
                if isinstance(value, ast.Call) and ast.unparse(value.func) == OPERATOR:
                    arguments = keywords(value, names)
                    unknown = set(arguments) - set(TASK_FIELDS)
                    if unknown:
                        raise Unsupported(value, f"argument(s) {sorted(unknown)} are not read by this checker")
                    tasks[target] = arguments["task_id"]
                    result["tasks"].append({"variable": target, **arguments})
                else:
                    names[target] = evaluate(value, names)
            elif isinstance(statement, ast.Expr) and isinstance(statement.value, ast.BinOp):
                dependencies(statement.value, tasks, edges)
            else:
                raise Unsupported(statement, f"statement '{ast.unparse(statement).splitlines()[0]}' is not understood")

    visit(tree.body)
    defaults = result["default_args"]
    for task in result["tasks"]:
        task.setdefault("conf", {})
        task["retries"] = task.get("retries", defaults.get("retries", 0))
        task["retry_delay_seconds"] = seconds(task.pop("retry_delay", defaults.get("retry_delay", 300)))
    if "retry_delay" in defaults:
        defaults["retry_delay"] = seconds(defaults["retry_delay"])
    return result


def main(argv):
    if len(argv) != 2:
        print("usage: dag_checker.py DAG_FILE", file=sys.stderr)
        return 2
    try:
        with open(argv[1], encoding="utf-8") as dag_file:
            result = read_dag(dag_file.read())
    except (OSError, SyntaxError, Unsupported) as error:
        print(f"dag_checker: {argv[1]}: {error}", file=sys.stderr)
        return 2
    json.dump(result, sys.stdout, indent=2, sort_keys=True)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
