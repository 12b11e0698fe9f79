#pragma once

#include "Command.h"

// Picks the sub-command named in the arguments and runs it; the GUI is never involved.
class CommandRunner
{
public:
    static bool isCommand(const QString &name);
    // `arguments` as in main(): program name, command name, options. Returns the exit code.
    static int run(const QStringList &arguments, CommandIo io);
    // The top-level --help text (commands and GUI invocations, exit status).
    static QString usage();
    // The program's own options when no command is named: --help and --version are answered, and an unknown
    // option is a usage error (exit 2), all with `handled` true; otherwise `handled` is false and the window
    // may open.
    static int runProgramOptions(const QStringList &arguments, CommandIo io, bool *handled);
};
