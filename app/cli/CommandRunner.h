#pragma once

#include "Command.h"

// Picks the sub-command named in the arguments and runs it; the GUI is never involved.
class CommandRunner
{
public:
    static bool isCommand(const QString &name);
    // `arguments` as in main(): program name, command name, options. Returns the exit code.
    static int run(const QStringList &arguments, CommandIo io);
    // The top-level --help text (commands and GUI invocations).
    static QString usage();
};
