#include "ModelBenchmark.h"

#include "PeakMemory.h"

#ifdef PA_BENCH_WITH_WIDGETS
#include "Connection.h"
#include "DatabaseEngine.h"
#include "DatabaseSession.h"
#include "ProfilesModel.h"
#include "UsersModel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QHeaderView>
#include <QKeyEvent>
#include <QSqlError>
#include <QSqlQuery>
#include <QTableView>
#include <QTimer>

#include <algorithm>
#include <functional>
#endif

namespace {

void putSeconds(QJsonObject &object, const QString &key, double value)
{
    if (value >= 0)
        object.insert(key, value);
}

#ifdef PA_BENCH_WITH_WIDGETS

// Longest a single step may take before the benchmark gives up on it.
constexpr int StepTimeoutMs = 60000;
// The size of the offscreen window: about 25 rows visible, as on a laptop screen.
constexpr int ViewWidth = 1280;
constexpr int ViewHeight = 800;

// Runs the event loop until `done` holds; true when it did within the step timeout. Polls every
// millisecond rather than spinning, so the benchmark leaves the CPU to the model's worker threads.
bool waitUntil(const std::function<bool()> &done)
{
    if (done())
        return true;
    QEventLoop loop;
    QTimer poll;
    QElapsedTimer clock;
    clock.start();
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done() || clock.elapsed() > StepTimeoutMs)
            loop.quit();
    });
    poll.start(1);
    loop.exec();
    return done();
}

// The rows the viewport shows hold data (an empty result counts once its total is known).
bool visibleRowsLoaded(const QTableView &view, const UsersModel &model)
{
    if (model.rowCount() == 0)
        return model.isTotalKnown();
    const int first = view.rowAt(0);
    if (first < 0)
        return false;
    int last = view.rowAt(view.viewport()->height() - 1);
    if (last < 0)
        last = model.rowCount() - 1;
    for (int row = first; row <= last; ++row) {
        if (!model.isRowLoaded(row))
            return false;
    }
    return true;
}

// Set up as MainWindow sets up its views: fixed row heights, so the vertical header never measures rows.
void configure(QTableView &view)
{
    view.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view.verticalHeader()->setDefaultSectionSize(view.fontMetrics().height() + 8);
    view.horizontalHeader()->setHighlightSections(false);
    view.resize(ViewWidth, ViewHeight);
}

void pressCtrl(QTableView &view, Qt::Key key)
{
    QKeyEvent press(QEvent::KeyPress, key, Qt::ControlModifier);
    QApplication::sendEvent(&view, &press);
}

// Ctrl+End as the Users pane takes it: the window moves to the result's end (before the count, the end the
// server's estimate of the table's size gives), then the view goes to its last row.
void pressCtrlEnd(QTableView &view, UsersModel *users = nullptr)
{
    if (users)
        users->moveToEnd();
    pressCtrl(view, Qt::Key_End);
}

// The search texts, from the middle user of the dataset (untimed): the username without its last two
// digits, a prefix a hundred users share, and the end of the email's local part with the "@", which only a
// scan of every email finds.
bool searchTerms(const QSqlDatabase &db, const ProfileSchema &schema, ModelFigures *figures, QString *error)
{
    const DatabaseEngine &engine = DatabaseEngine::of(db);
    const QString key = engine.quoteIdentifier(schema.userKey);
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT u.%1, u.%2 FROM %3 u WHERE u.%4 >= (SELECT max(%4) FROM %3) / 2 "
                               "ORDER BY u.%4 LIMIT 1")
                    .arg(engine.quoteIdentifier(QStringLiteral("username")),
                         engine.quoteIdentifier(QStringLiteral("email")), engine.quoteTable(schema.userTable),
                         key)) ||
        !q.next()) {
        *error = QStringLiteral("Could not read a user to search for: %1").arg(q.lastError().text());
        return false;
    }
    const QString username = q.value(0).toString();
    const QString local = q.value(1).toString().section(QLatin1Char('@'), 0, 0);
    figures->searchPrefixText = username.left(username.size() - 2);
    figures->searchRareText = local.right(6) + QLatin1Char('@');
    return true;
}

// Back to the top (untimed), where a filter or search is usually started from.
bool backToTop(QTableView &view, UsersModel &model)
{
    if (model.windowStart() > 0)
        model.moveWindowTo(0);
    pressCtrl(view, Qt::Key_Home);
    return waitUntil([&] { return view.rowAt(0) == 0 && visibleRowsLoaded(view, model); });
}

#endif

} // namespace

QJsonObject ModelFigures::toJson() const
{
    QJsonObject object{{QStringLiteral("measured"), measured}};
    if (!note.isEmpty())
        object.insert(QStringLiteral("note"), note);
    putSeconds(object, QStringLiteral("users_first_page_seconds"), usersFirstPage);
    putSeconds(object, QStringLiteral("users_last_row_seconds"), usersLastRow);
    putSeconds(object, QStringLiteral("users_missing_filter_seconds"), usersMissingFilter);
    putSeconds(object, QStringLiteral("users_search_prefix_first_rows_seconds"), usersSearchPrefixFirst);
    putSeconds(object, QStringLiteral("users_search_prefix_complete_seconds"), usersSearchPrefixComplete);
    putSeconds(object, QStringLiteral("users_search_rare_complete_seconds"), usersSearchRareComplete);
    if (!searchPrefixText.isEmpty())
        object.insert(QStringLiteral("search_prefix_text"), searchPrefixText);
    if (!searchRareText.isEmpty())
        object.insert(QStringLiteral("search_rare_text"), searchRareText);
    putSeconds(object, QStringLiteral("profiles_first_page_seconds"), profilesFirstPage);
    putSeconds(object, QStringLiteral("profiles_last_row_seconds"), profilesLastRow);
    putSeconds(object, QStringLiteral("longest_stall_seconds"), longestStall);
    if (!longestStallStep.isEmpty())
        object.insert(QStringLiteral("longest_stall_during"), longestStallStep);
    QJsonObject byStep;
    for (auto it = longestStallByStep.cbegin(); it != longestStallByStep.cend(); ++it)
        byStep.insert(it.key(), it.value());
    object.insert(QStringLiteral("longest_stall_by_step_seconds"), byStep);
    putSeconds(object, QStringLiteral("connect_seconds"), connectSeconds);
    if (peakBytes >= 0)
        object.insert(QStringLiteral("peak_rss_bytes"), peakBytes);
    return object;
}

bool ModelBenchmark::available()
{
#ifdef PA_BENCH_WITH_WIDGETS
    return true;
#else
    return false;
#endif
}

ModelBenchmark::ModelBenchmark(const DatabaseUrl &url)
    : m_url(url)
{}

#ifndef PA_BENCH_WITH_WIDGETS
bool ModelBenchmark::run(ModelFigures *figures, QString *)
{
    figures->measured = false;
    figures->note = QStringLiteral("built without Qt Widgets (PROFILE_ADMIN_GUI=OFF): no views to drive");
    return true;
}
#else
bool ModelBenchmark::run(ModelFigures *figures, QString *error)
{
    {
        // The widget stack's one-time start-up (fonts, style, platform window) happens when the app first
        // shows its window, not when it opens a database: pay it before measuring.
        QTableView warmUp;
        warmUp.resize(200, 200);
        warmUp.show();
        QApplication::processEvents();
    }
    PeakMemory::reset();
    QElapsedTimer clock;
    clock.start();
    const auto seconds = [&] {
        return clock.nsecsElapsed() / 1e9;
    };

    // What the main window does on "Open database": connect, discover, build the models, show the views.
    // The first page counts from the moment of connecting.
    const DatabaseSession session(m_url, {QStringLiteral("bench-gui")});
    if (!session.isReady()) {
        *error = session.errorText();
        return false;
    }
    Connection &connection = session.connection();
    const ProfileSchema &schema = session.schema();
    figures->connectSeconds = seconds();

    // From here on the GUI thread must never be blocked for long: a 5 ms timer that is late by more than a
    // few milliseconds measures how long the window could not repaint or take input.
    QTimer ticker;
    QElapsedTimer sinceTick;
    double longest = 0;
    QString step = QStringLiteral("opening the Users view");
    QObject::connect(&ticker, &QTimer::timeout, &ticker, [&] {
        const double gap = sinceTick.nsecsElapsed() / 1e9;
        double &stepLongest = figures->longestStallByStep[step];
        stepLongest = std::max(stepLongest, gap);
        if (gap > longest) {
            longest = gap;
            figures->longestStallStep = step;
        }
        sinceTick.restart();
    });
    sinceTick.start();
    ticker.start(5);

    UsersModel users(connection.database(), m_url, schema);
    QTableView usersView;
    configure(usersView);
    usersView.setModel(&users);
    usersView.show();
    if (!waitUntil([&] { return visibleRowsLoaded(usersView, users); })) {
        *error = QStringLiteral("The Users view showed no rows within %1 s.").arg(StepTimeoutMs / 1000);
        return false;
    }
    figures->usersFirstPage = seconds();
    // The last user's key, which Ctrl+End must show (one probe of the key's index, untimed).
    QVariant lastKey;
    {
        const DatabaseEngine &engine = DatabaseEngine::of(connection.database());
        QSqlQuery q(connection.database());
        if (!q.exec(QStringLiteral("SELECT max(%1) FROM %2")
                        .arg(engine.quoteIdentifier(schema.userKey), engine.quoteTable(schema.userTable))) ||
            !q.next()) {
            *error = q.lastError().text();
            return false;
        }
        lastKey = q.value(0);
    }

    // Ctrl+End, pressed again should the estimate or the total arrive only after the first press; it has
    // reached the end when the last row shows the last user.
    step = QStringLiteral("Ctrl+End in the Users view");
    double start = seconds();
    usersView.setFocus();
    pressCtrlEnd(usersView, &users);
    if (!waitUntil([&] {
            const int last = users.rowCount() - 1;
            const bool atEnd = (users.isTotalKnown() || users.isPositionEstimated()) &&
                               users.windowStart() + users.rowCount() == users.resultRows();
            if (usersView.currentIndex().row() != last || !atEnd)
                pressCtrlEnd(usersView, &users);
            return atEnd && usersView.currentIndex().row() == last && users.isRowLoaded(last) &&
                   users.data(users.index(last, 0), UsersModel::UserKeyRole) == lastKey &&
                   visibleRowsLoaded(usersView, users);
        })) {
        *error = QStringLiteral("The Users view did not reach its last row within %1 s.")
                     .arg(StepTimeoutMs / 1000);
        return false;
    }
    figures->usersLastRow = seconds() - start;

    step = QStringLiteral("Ctrl+Home in the Users view");
    backToTop(usersView, users);
    step = QStringLiteral("the missing-only filter");
    start = seconds();
    users.setOnlyMissing(true);
    if (!waitUntil([&] { return visibleRowsLoaded(usersView, users); })) {
        *error =
            QStringLiteral("The missing-only filter showed no rows within %1 s.").arg(StepTimeoutMs / 1000);
        return false;
    }
    figures->usersMissingFilter = seconds() - start;

    step = QStringLiteral("turning the filter off");
    users.setOnlyMissing(false);
    backToTop(usersView, users);
    if (!searchTerms(connection.database(), schema, figures, error))
        return false;
    step = QStringLiteral("the search for a username prefix");
    start = seconds();
    users.setSearchText(figures->searchPrefixText);
    // The first rows: the prefix phase's, or the search's own should they come first.
    if (!waitUntil([&] {
            return (users.isShowingPrefixMatches() && users.rowCount() > 0) ||
                   (users.rowCount() > 0 && visibleRowsLoaded(usersView, users));
        })) {
        *error =
            QStringLiteral("The search for a prefix showed no rows within %1 s.").arg(StepTimeoutMs / 1000);
        return false;
    }
    figures->usersSearchPrefixFirst = seconds() - start;
    if (!waitUntil([&] { return users.isTotalKnown() && visibleRowsLoaded(usersView, users); })) {
        *error = QStringLiteral("The search for a prefix ended not within %1 s.").arg(StepTimeoutMs / 1000);
        return false;
    }
    figures->usersSearchPrefixComplete = seconds() - start;

    step = QStringLiteral("the search for a rare substring");
    users.setSearchText(QString());
    backToTop(usersView, users);
    start = seconds();
    users.setSearchText(figures->searchRareText);
    if (!waitUntil([&] { return users.isTotalKnown() && visibleRowsLoaded(usersView, users); })) {
        *error =
            QStringLiteral("The search for a substring ended not within %1 s.").arg(StepTimeoutMs / 1000);
        return false;
    }
    figures->usersSearchRareComplete = seconds() - start;
    if (users.rowCount() == 0)
        figures->note = QStringLiteral("the search for \"%1\" found nobody").arg(figures->searchRareText);

    // The Profiles view reads its page on the GUI thread (QSqlTableModel::select()), counting on a worker.
    step = QStringLiteral("opening the Profiles view");
    start = seconds();
    ProfilesModel profiles(connection.database(), m_url, schema);
    QTableView profilesView;
    configure(profilesView);
    profilesView.setModel(&profiles);
    profilesView.show();
    QApplication::processEvents();
    if (profiles.rowCount() == 0) {
        *error = QStringLiteral("The Profiles view showed no rows: %1").arg(profiles.lastError().text());
        return false;
    }
    figures->profilesFirstPage = seconds() - start;

    step = QStringLiteral("the last page of the Profiles view");
    start = seconds();
    if (!waitUntil([&] { return profiles.totalRows() >= 0; })) {
        *error = QStringLiteral("The profiles were not counted within %1 s.").arg(StepTimeoutMs / 1000);
        return false;
    }
    profiles.showPage(profiles.lastPageStart());
    profilesView.setFocus();
    pressCtrlEnd(profilesView);
    QApplication::processEvents();
    if (profiles.pageStart() + profilesView.currentIndex().row() + 1 != profiles.totalRows()) {
        *error = QStringLiteral("The Profiles view did not reach its last row.");
        return false;
    }
    figures->profilesLastRow = seconds() - start;

    ticker.stop();
    figures->longestStall = longest;
    figures->peakBytes = PeakMemory::peakBytes();
    figures->measured = true;
    return true;
}
#endif
