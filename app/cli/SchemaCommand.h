#pragma once

#include "Command.h"

// `profile-admin schema`: what discovery found and, per profile column, the value a new profile gets and why.
class SchemaCommand final : public Command
{
public:
    using Command::Command;
    QString name() const override { return QStringLiteral("schema"); }
    QString summary() const override;

    // The plan as a text table; shared with `fix` so both show it the same way.
    static void printPlan(QTextStream &stream, const ProfileSchema &schema, const FillPlan &plan);

protected:
    int run(DatabaseSession &session, const FillPlan &plan) override;
};
