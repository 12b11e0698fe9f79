#pragma once

#include <QModelIndexList>
#include <QScopedPointer>
#include <QWidget>

#include <memory>

namespace Ui {
class ProfilesPane;
}
class DatabaseSession;
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
    // Shows the profiles of `session` (nullptr: none) in a model made for it; the previous model is
    // destroyed.
    void setSession(DatabaseSession *session);
    // While profiles are being created, edits are not saved.
    void setCreatingProfiles(bool creating);

    // What the window's actions may do.
    bool isDirty() const;
    bool isSelectionEdited() const;
    // Some selected cell may be set to NULL and is not NULL yet.
    bool isSelectionNullable() const;
    bool hasPreviousPage() const;
    bool hasNextPage() const;
    bool isBeforeLastPage() const;

    // Before `before` ("sorting", "quitting"…) drops the edits: asks whether to save or discard them. False
    // when they stay (cancelled, or the save failed).
    bool settleEdits(const QString &before);
    // The page and the total read again; the cursor comes back to the same profile and column.
    void refresh();
    // The total and the page read again after profiles were created.
    void reload();
    // The total read again in the background.
    void recount();
    // The profile of the user whose key is `userKey`, after settling the edits, ready to edit.
    void showProfileOf(const QVariant &userKey);
    // The same for a profile just created (the edits were settled before).
    void showNewProfileOf(const QVariant &userKey);
    // The key of the user owning the profile under the cursor; invalid when there is none.
    QVariant currentOwnerKey() const;
    // Puts `action` in the grid's context menu.
    void addContextAction(QAction *action);

Q_SIGNALS:
    // The edits, the selection or the page changed: what the window's actions may do changed.
    void stateChanged();
    void statusMessage(const QString &text, int timeout = 0);
    // Something failed; the receiver says so at once (the caller goes on after that).
    void errorOccurred(const QString &title, const QString &message);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    // Saving opens the connection again and retries once when the server had dropped it.
    bool save();
    void revertChanges();
    void revertSelectedRows();
    void setSelectionToNull();
    void changed();
    void updatePageLabel();
    void showPage(qint64 start, bool lastRow = false);
    void sortProfiles(int column, Qt::SortOrder order);
    void showProfile(const QVariant &userKey, bool created);
    void selectProfileRow(int row);
    // Cells (and their rows) that are selected or hold the cursor; the cursor's cell may be invalid.
    QModelIndexList selectedCells() const;
    QList<int> selectedRows() const;
    bool ensureConnected();

    const QScopedPointer<Ui::ProfilesPane> m_ui;
    DatabaseSession *m_session = nullptr;
    std::unique_ptr<ProfilesModel> m_model;
    bool m_creating = false;
    int m_sortColumn = 0;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
};
