// The system libcmark (Debian: libcmark-dev), wrapped for Swift.
#include <cmark.h>
