"""A calculator that misbehaves on some cases (tests of pcr verify): it wraps a generated
calculator (argv[1]) and, depending on a hash of the input line, crashes, hangs, prints garbage,
answers NaN or a string for the total, leaves out the stages, or answers correctly."""
import hashlib
import importlib.util
import json
import sys
import time

spec = importlib.util.spec_from_file_location("calculator", sys.argv[1])
calculator = importlib.util.module_from_spec(spec)
spec.loader.exec_module(calculator)

for line in sys.stdin:
    value = json.loads(line)
    if isinstance(value, dict) and value.get("pcr") == "hello":
        print(json.dumps({"pcr": "hello", "protocol": 1, "calculator": {"name": "misbehaving"}}), flush=True)
        continue
    mode = int(hashlib.sha256(line.strip().encode()).hexdigest(), 16) % 20
    if mode == 0:
        sys.exit(3)
    if mode == 1:
        time.sleep(60)
    if mode == 2:
        print("Traceback (most recent call last): nothing to see", flush=True)
        continue
    try:
        answer = calculator.calculate(value)
    except calculator.CalculationError as error:
        answer = error.as_dict()
    if "total" in answer and mode == 3:
        answer["total"] = float("nan")
    if "total" in answer and mode == 4:
        answer["total"] = str(answer["total"])
    if "total" in answer and mode == 5:
        del answer["by_stage"]
    print(json.dumps(answer), flush=True)  # json.dumps writes NaN for nan: not JSON, as some tools do
