#pragma once

#include "Command.h"

// `profile-admin check`: counts users without a profile; exit 1 when there are some, for cron and monitoring.
class CheckCommand final : public Command
{
public:
    using Command::Command;
    QString name() const override { return QStringLiteral("check"); }
    QString summary() const override;

protected:
    int run(DatabaseSession &session, const QList<TablePlan> &tables) override;
};
