#pragma once

#include "Command.h"

// `profile-admin snippet`: prints the Django code (DjangoSnippet) that keeps new users from arriving without
// a profile, for every profile table found or named.
class SnippetCommand final : public Command
{
public:
    using Command::Command;
    QString name() const override { return QStringLiteral("snippet"); }
    QString summary() const override;

protected:
    int run(DatabaseSession &session, const QList<TablePlan> &tables) override;
};
