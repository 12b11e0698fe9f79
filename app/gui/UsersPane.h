#pragma once

#include <QScopedPointer>
#include <QStringList>
#include <QTimer>
#include <QVariantList>
#include <QWidget>

#include <functional>
#include <memory>
#include <utility>

namespace Ui {
class UsersPane;
}
class ColumnFilter;
class ColumnFilterMenu;
class DatabaseSession;
class GridClipboard;
class EmptyResultNote;
class QAction;
class QKeyEvent;
class QLabel;
class UsersHighlightProxy;
class UsersModel;

// The Users view of the window (docs/gui-walkthrough.md): every user, those without a profile highlighted,
// narrowed by "Show only users without profile" and the search field. It makes and owns the users model of
// the session it is given.
class UsersPane final : public QWidget
{
    Q_OBJECT

public:
    explicit UsersPane(QWidget *parent = nullptr);
    ~UsersPane() override;

    // The buttons and the view's context menu show the window's actions, which keep their menus and
    // shortcuts.
    void setActions(QAction *createProfile, QAction *createMissing);
    // Copy, Copy with headers and Paste (which says the view is read-only) of the view, for the Edit menu.
    QList<QAction *> clipboardActions() const;
    // Shows the users of `session` (nullptr: none) in a model made for it; the previous model is destroyed.
    void setSession(const DatabaseSession *session);

    // Reads the counts and the rows again; the selection and the scroll position stay.
    void refresh();
    // Both -1 while counting or without a session.
    qint64 userCount() const;
    // Users without a profile in any profile table.
    qint64 missingCount() const;
    // The profile tables (as TableName::display()) and the users without a profile in each (-1 while
    // counting); empty without a session.
    QStringList profileTableNames() const;
    QList<qint64> missingCountsByTable() const;
    // The profile table the Profiles view shows: "Create profile" and Return on a user act on it.
    void setProfileTable(const QString &table);
    // True when a search or a column filter narrows the list; matchCount() is then the users that match
    // (-1 while counting).
    bool isNarrowed() const;
    qint64 matchCount() const;
    // While a search shows its quick first answer: "3 users start with “alice” · searching the rest…";
    // empty otherwise.
    QString searchProgress() const;
    // The keys of the selected users that lack a profile in any profile table (a bounded number of selected
    // rows is looked at); `lackingByTable`, when given, gets how many of them lack one in each table, in the
    // order of profileTableNames().
    QVariantList selectedUsersWithoutProfile(QList<qint64> *lackingByTable = nullptr) const;

    // The toggle, also reachable through the window's menu.
    void setOnlyMissing(bool onlyMissing);
    // Puts the keyboard in the search field, its text selected.
    void focusSearch();
    // Selects the user whose key is `userKey` and gives the view the keyboard; clears the search and the
    // filter, or returns to the key order, when they keep the user out of sight; says so when it cannot.
    void showUser(const QVariant &userKey);
    // Turns on "Show only users without profile" and gives the view the keyboard.
    void showUsersWithoutProfile();
    // The width that shows every column of the view without a horizontal scroll bar.
    int preferredWidth() const;

    // For "Export…": the model behind the view (nullptr without a session), the selected rows as ranges of
    // positions in view order, and the view's context menu.
    const UsersModel *model() const { return m_model.get(); }
    QList<std::pair<qint64, qint64>> selectedRowRanges() const;
    void addContextAction(QAction *action);

Q_SIGNALS:
    // The selection or the users shown changed: what the window's actions may do changed.
    void stateChanged();
    void countsChanged();
    void onlyMissingToggled(bool onlyMissing);
    // Return or a double-click on a user who has a profile.
    void profileRequested(const QVariant &userKey);
    // Return or a double-click on a user who has no profile; `userName` names them in a question, and
    // `lackingByTable` holds 1 for each profile table (as profileTableNames() orders them) they have no row
    // in.
    void createProfileRequested(const QVariant &userKey, const QString &userName,
                                const QList<qint64> &lackingByTable);
    // The columns were fitted to the rows shown: preferredWidth() has its answer.
    void columnsFitted();
    void statusMessage(const QString &text, int timeout = 0);

protected:
    // Ctrl+End, Ctrl+Home and stepping past the window's edge on the Users view move the model's window.
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void applySearch();
    void applyColumnFilter(const ColumnFilter &filter);
    // Says inside the view when nothing matches.
    void updateEmptyNote();
    void activated(const QModelIndex &index);
    void rowsLoaded(int first, int last);
    // Remembers the keys of the selected users, so the selection follows users, never row positions.
    void rememberSelection();
    // Selects the rows in [first, last] whose users were selected and deselects the others.
    void restoreSelection(int first, int last);
    // Takes a step towards the user asked for by showUser(); true once done (shown or given up).
    bool showPendingUser();
    // The user of `index`'s row has no row in the profile table the Profiles view shows.
    bool lacksShownProfile(const QModelIndex &index) const;
    // Adds 1 to each table of `lackingByTable` (profileTableNames()' order) the user at `index` has no row
    // in.
    void addLackingTables(const QModelIndex &index, QList<qint64> *lackingByTable) const;
    // The model's window (UsersPaneWindow.cpp): keys and the scroll bar move it, a label says where it is.
    void setUpWindowNavigation();
    // True when the key was handled in full (Ctrl+End, Ctrl+Home); otherwise the view handles it next.
    bool moveWindowForKey(const QKeyEvent *event);
    void moveCursorTo(int row);
    void queueWindowEdgeCheck();
    // At the scroll bar's end (or top) with more users beyond, the window moves on by half.
    void checkWindowEdge();
    // Runs `move` on the model's window and keeps the rows on screen and the current user where they were.
    void moveWindowKeepingView(const std::function<void()> &move);
    // Ctrl+End pressed before the count: the window and the cursor go to the estimated end once the server's
    // estimate arrives, and to the counted end once the count does.
    void reachPendingEnd();
    void restoreCurrentUser();
    void updateWindowLabel();

    // "Create profile" looks at this many selected users at most, and a selection is followed user by user up
    // to this many; more is a job for "Create missing profiles".
    static constexpr int MaxSelectedUsers = 10000;

    const QScopedPointer<Ui::UsersPane> m_ui;
    UsersHighlightProxy *m_proxy;
    GridClipboard *m_clipboard;
    std::unique_ptr<UsersModel> m_model;
    QTimer m_searchTimer;
    ColumnFilterMenu *m_filterMenu;
    EmptyResultNote *m_emptyNote;
    const DatabaseSession *m_session = nullptr;
    bool m_columnsSized = false;   // the view's columns fit their first rows
    QVariantList m_selectedKeys;   // the selected users, in selection order
    bool m_selectionByKeys = true; // false for a selection too large to follow user by user
    bool m_restoringSelection = false;
    QString m_profileTable;         // the profile table the Profiles view shows
    QVariant m_pendingUser;         // asked for by showUser() and not shown yet
    qint64 m_pendingRow = -1;       // where it stands in the key order, when that was looked up
    QVariant m_currentKey;          // the user the cursor is on, invalid while their row is not read
    QList<qint64> m_unreadSelected; // result positions selected before their rows were read
    QLabel *m_windowLabel = nullptr;
    bool m_movingWindow = false;
    bool m_edgeCheckQueued = false;
    bool m_endPending = false;         // Ctrl+End waits for the count, until another key or a click moves on
    qint64 m_keptCurrentPosition = -1; // the current user's result position across window moves, or -1
    QVariant m_keptCurrentKey;
    int m_keptCurrentColumn = 0;
};
