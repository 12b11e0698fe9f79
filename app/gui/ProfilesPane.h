#pragma once

#include "ProfileSchema.h"
#include "WriteAccess.h"

#include <QModelIndexList>
#include <QScopedPointer>
#include <QTimer>
#include <QWidget>

#include <functional>
#include <memory>
#include <utility>

namespace Ui {
class ProfilesPane;
}
class ColumnFilter;
class ColumnFilterMenu;
class DatabaseSession;
class GridClipboard;
class EmptyResultNote;
class ProfilesModel;
class QAction;

// The Profiles grid of the window (docs/gui-walkthrough.md), edited in place a page at a time: save (opening
// the connection again if the server dropped it), revert, set NULL, paging and sorting. Edits are never
// dropped without asking. It makes and owns the profiles model of the session it is given.
class ProfilesPane final : public QWidget
{
    Q_OBJECT

public:
    // The window's actions this pane carries out and shows on its buttons and context menu; their menus,
    // shortcuts and enabled state stay the window's.
    struct Actions
    {
        QAction *saveChanges = nullptr;
        QAction *revertChanges = nullptr;
        QAction *revertRows = nullptr;
        QAction *setNull = nullptr;
        QAction *firstPage = nullptr;
        QAction *previousPage = nullptr;
        QAction *nextPage = nullptr;
        QAction *lastPage = nullptr;
    };

    explicit ProfilesPane(QWidget *parent = nullptr);
    ~ProfilesPane() override;

    void setActions(const Actions &actions);
    // Copy, Copy with headers, Paste and "Set value for selected cells…" of the grid, for the Edit menu.
    QList<QAction *> clipboardActions() const;
    // The Edit menu's actions this pane carries out: undo, redo and reverting the selected cells.
    void setEditActions(QAction *undo, QAction *redo, QAction *revertCells);
    // Shows the profiles of `session` (nullptr: none) in a model made for it, its primary profile table
    // first; the previous model is destroyed. With several profile tables the "Profile table" selector
    // switches between them.
    void setSession(DatabaseSession *session);
    // The profile table shown, and why this connection may not edit it (empty when it may).
    const ProfileSchema &schema() const { return m_schema; }
    QString editProblem() const { return m_writeAccess.editProblem(); }
    // While profiles are being created, edits are not saved.
    void setCreatingProfiles(bool creating);

    // What the window's actions may do.
    bool isDirty() const;
    bool isSelectionEdited() const;
    // Some selected cell itself holds an edit not saved yet.
    bool isSelectionCellEdited() const;
    bool canUndo() const;
    bool canRedo() const;
    // Some selected cell may be set to NULL and is not NULL yet.
    bool isSelectionNullable() const;
    bool hasPreviousPage() const;
    bool hasNextPage() const;
    bool isBeforeLastPage() const;

    // True when a search or a column filter narrows the grid; matchCount() is then the profiles that match
    // and profileCount() all of them (-1 while counting).
    bool isNarrowed() const;
    qint64 matchCount() const;
    qint64 profileCount() const;
    // Puts the keyboard in the search field, its text selected.
    void focusSearch();

    // Before `before` ("sorting", "quitting"…) drops the edits: asks whether to save or discard them. False
    // when they stay (cancelled, or the save failed).
    bool settleEdits(const QString &before);
    // The page and the total read again; the cursor comes back to the same profile and column.
    void refresh();
    // The total and the page read again after profiles were created.
    void reload();
    // The total read again in the background.
    void recount();
    // For "Export…" and "Save edits as SQL…": the model behind the grid (nullptr without a session), the
    // selected rows as ranges of positions in view order (across pages), and the grid's context menu.
    const ProfilesModel *model() const { return m_model.get(); }
    QList<std::pair<qint64, qint64>> selectedRowRanges() const;
    void addContextAction(QAction *action);
    // The profile of the user whose key is `userKey`, after settling the edits, ready to edit.
    void showProfileOf(const QVariant &userKey);
    // The same for a profile just created (the edits were settled before).
    void showNewProfileOf(const QVariant &userKey);
    // The key of the user owning the profile under the cursor; invalid when there is none.
    QVariant currentOwnerKey() const;

Q_SIGNALS:
    // The edits, the selection or the page changed: what the window's actions may do changed.
    void stateChanged();
    void statusMessage(const QString &text, int timeout = 0);
    // The number of profiles or of those that match changed.
    void countsChanged();
    // Another profile table is shown (also for a new session).
    void profileTableChanged();
    // Something failed; the receiver says so at once (the caller goes on after that).
    void errorOccurred(const QString &title, const QString &message);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    // Saving opens the connection again and retries once when the server had dropped it.
    bool save();
    void revertChanges();
    void revertSelectedRows();
    void revertSelectedCells();
    void undo();
    void redo();
    // Shows `cell`, selected, with the cursor on it.
    void showCell(const QModelIndex &cell);
    // F2 edits the current value with the cursor after it, rather than replacing it.
    bool editAtEnd();
    // Delete where no cell can be set to NULL: says why instead of doing nothing.
    void explainNoNull();
    // An edited value wider than its column widens the column.
    void widenToFit(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    void setSelectionToNull();
    void changed();
    void updatePageLabel();
    // Runs a page move of the model (after settling the edits) and puts the cursor on its first or last row.
    void showPage(const std::function<bool(ProfilesModel &)> &move, bool lastRow = false);
    // The search field, the filter menu and the empty-result note (ProfilesPaneFinding.cpp).
    void setUpFinding();
    void applySearch();
    void applyColumnFilter(const ColumnFilter &filter);
    // Runs a change of the search or the filters after settling the edits; false when they stay.
    bool narrow(const std::function<bool(ProfilesModel &)> &change);
    void updateEmptyNote();
    void sortProfiles(int column, Qt::SortOrder order);
    void showProfile(const QVariant &userKey, bool created);
    void selectProfileRow(int row);
    // Cells (and their rows) that are selected or hold the cursor; the cursor's cell may be invalid.
    QModelIndexList selectedCells() const;
    QList<int> selectedRows() const;
    bool ensureConnected();
    // The "Profile table" selector (ProfilesPaneTables.cpp).
    void setUpTableSelector();
    void chooseTable(int index);
    void showTable(const ProfileSchema &schema);

    const QScopedPointer<Ui::ProfilesPane> m_ui;
    GridClipboard *m_clipboard;
    DatabaseSession *m_session = nullptr;
    ProfileSchema m_schema;
    WriteAccess m_writeAccess;
    std::unique_ptr<ProfilesModel> m_model;
    bool m_creating = false;
    QTimer m_searchTimer;
    ColumnFilterMenu *m_filterMenu = nullptr;
    EmptyResultNote *m_emptyNote = nullptr;
    int m_sortColumn = 0;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
};
