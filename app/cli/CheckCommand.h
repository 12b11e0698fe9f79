#pragma once

#include "Command.h"

// `profile-admin check`: counts users without a profile; exit 1 when there are some, for cron and monitoring.
// --quiet says nothing when nothing is missing (cron mails only what matters); --format prometheus writes the
// counts for node_exporter's textfile collector (PrometheusMetrics).
class CheckCommand final : public Command
{
public:
    using Command::Command;
    QString name() const override { return QStringLiteral("check"); }
    QString summary() const override;

protected:
    void addOptions(QCommandLineParser &parser) override;
    QString invalidOptions() const override;
    int run(DatabaseSession &session, const QList<TablePlan> &tables) override;

private:
    void failing() override;
    bool prometheus() const;
};
