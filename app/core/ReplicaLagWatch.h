#pragma once

#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QString>

#include <deque>

class DatabaseEngine;

// Measures how far the streaming replicas of the server behind `db` lag behind its own commits. The lag is
// our own measure, not the server's replay_lag (which stands still while replay is paused): after each
// commit we remember the server's write-ahead log position and the time, and the lag is the age of the oldest
// of those commits that some replica has not replayed yet. On an engine without replicas to ask (the
// default) or without the privilege to see their replay positions, there is nothing to measure.
class ReplicaLagWatch
{
public:
    explicit ReplicaLagWatch(const QSqlDatabase &db);

    // Looks at the replicas once and remembers where the server is now, so that a replica already behind
    // when the run starts counts as lagging from then on.
    void start();
    // Remembers the server's position after a commit.
    void recordCommit();

    struct Reading
    {
        bool watched = false;  // replicas could be asked; false on other engines or without the privilege
        int replicas = 0;      // streaming replicas seen
        double lagSeconds = 0; // the largest lag, by the measure above
        QString error; // the database's message when asking failed: the watch stops, takeNotice() says so
    };
    Reading read();

    // Whether the engine can tell the replicas' positions at all.
    bool isSupported() const;
    // Non-empty, once, after the watch found it may not see the replicas' replay positions.
    QString takeNotice();

private:
    struct Commit
    {
        qint64 position = 0;
        qint64 atMs = 0;
    };

    bool currentPosition(qint64 *position);

    QSqlDatabase m_db;
    const DatabaseEngine *m_engine;
    QElapsedTimer m_clock;
    std::deque<Commit> m_commits;
    bool m_blind = false; // the privilege is missing: stop asking
    QString m_notice;
    bool m_noticeTaken = false;
};
