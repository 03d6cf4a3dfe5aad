#: requires: python3
python3 -c '
import json, hashlib, os, sys
d = {"words": open("words.txt").read().split(), "n": 3, "f": 1.5, "nested": {"ok": True, "none": None}}
s = json.dumps(d, sort_keys=True, indent=1)
print(s)
assert json.loads(s) == d
data = open("bin.dat", "rb").read()
for name in ("md5", "sha1", "sha256", "sha512", "blake2b"):
    print(name, hashlib.new(name, data).hexdigest())
print(hashlib.sha256(b"abc").hexdigest())
print(sys.version_info[0], sys.platform, os.getcwd() == os.environ.get("PWD", os.getcwd()))
print(sorted(os.listdir("sub")))
'
