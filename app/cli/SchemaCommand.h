#pragma once

#include "Command.h"

// `profile-admin schema`: what discovery found and, per profile column, the value a new profile gets and why.
class SchemaCommand final : public Command
{
public:
    using Command::Command;
    QString name() const override { return QStringLiteral("schema"); }
    QString summary() const override;

    // The plan as a text table; shared with `fix` so both show it the same way. `note` follows the table
    // name.
    static void printPlan(QTextStream &stream, const ProfileSchema &schema, const FillPlan &plan,
                          const QString &note = {});
    // " (primary, of 2 profile tables)" and the like when several tables are acted on; empty for one.
    static QString tableNote(const QList<TablePlan> &tables, const TablePlan &table);
    // Every invalid plan's error, each prefixed with its table when there are several; empty when all are
    // valid.
    static QString planErrors(const QList<TablePlan> &tables);
    // The same, leaving out plans whose only problem is a model default SQL cannot compute unless
    // `includeModelOnly`.
    static QString planErrors(const QList<TablePlan> &tables, bool includeModelOnly);

protected:
    int run(DatabaseSession &session, const QList<TablePlan> &tables) override;
};
