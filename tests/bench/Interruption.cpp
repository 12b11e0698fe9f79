#include "Interruption.h"

#include <csignal>

namespace {

volatile std::sig_atomic_t g_requested = 0;

extern "C" void onBrokenPipe(int)
{
    // The reader of our output went away (`| head`): stop early, but still clean up.
    g_requested = 1;
}

extern "C" void onSignal(int signalNumber)
{
    if (g_requested) {
        // The user insists: give up on the clean-up.
        std::signal(signalNumber, SIG_DFL);
        std::raise(signalNumber);
        return;
    }
    g_requested = 1;
}

} // namespace

void Interruption::install()
{
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    std::signal(SIGPIPE, onBrokenPipe);
}

bool Interruption::requested()
{
    return g_requested != 0;
}
