#pragma once

// Ctrl+C and SIGTERM during a benchmark: instead of dying with a PostgreSQL cluster still running, the
// benchmark notices the request between steps (and inside the fix-up's progress callback), cleans up and
// exits.
class Interruption
{
public:
    // Installs the SIGINT/SIGTERM handlers (a second signal kills the process at once) and treats SIGPIPE, a
    // closed output, as a request too rather than dying with the cluster still running.
    static void install();
    static bool requested();
};
