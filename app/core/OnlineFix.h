#pragma once

#include <QString>
#include <QtGlobal>

// How an online fix-up paces itself: it commits every `batchSize` profiles instead of holding one
// transaction, and waits before the next batch while a streaming replica lags too far behind or the rate
// would be passed.
struct OnlineOptions
{
    qint64 batchSize = 1000;          // profiles per committed transaction
    double maxReplicaLagSeconds = 10; // wait while any replica's replay lag is above this
    double maxRate = 0;               // profiles per second at most; 0 for no limit
    qint64 expectedProfiles = -1; // missing profiles counted before the run, for the time left; -1 unknown
};

// What an online fix-up reports after every batch and while it waits: numbers only, worded by the front end.
struct OnlineProgress
{
    qint64 committed = 0;    // profiles committed so far, over every table
    qint64 batches = 0;      // transactions committed so far
    qint64 expected = -1;    // OnlineOptions::expectedProfiles
    double rate = 0;         // profiles per second since the start, waits included
    double secondsLeft = -1; // at that rate; -1 when unknown
    bool waitingForReplicas = false;
    double replicaLagSeconds = 0; // the largest replay lag seen at the last look; 0 when none is watched
    bool waitingForRate = false;
    // Set once, on the first report after the replica watch found it cannot see the replicas' replay
    // positions: one sentence saying so and that only the rate limit throttles.
    QString notice;
};
