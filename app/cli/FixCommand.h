#pragma once

#include "Command.h"

// `profile-admin fix`: creates every missing profile in one transaction. Asks first on a terminal unless
// --yes;
// --dry-run prints the plan and the SQL and writes nothing.
class FixCommand final : public Command
{
public:
    using Command::Command;
    QString name() const override { return QStringLiteral("fix"); }
    QString summary() const override;

protected:
    void addOptions(QCommandLineParser &parser) override;
    Connection::Mode mode() const override;
    int run(DatabaseSession &session, const FillPlan &plan) override;

private:
    bool confirm(qint64 missing, const ProfileSchema &schema);
};
