"""What the web app does unless told otherwise (importing this loads no web stack: the CLI shows them in --help)."""

#: The longest a request waits for its answer, its turn at the index included (seconds).
DEFAULT_TIMEOUT = 30.0
#: The names a server on this machine is reached by: the Host headers answered by default.
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
