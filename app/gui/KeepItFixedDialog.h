#pragma once

#include <QDialog>
#include <QScopedPointer>

namespace Ui {
class KeepItFixedDialog;
}
class QPushButton;

// "Keep it fixed" (Help menu): the Django code `profile-admin snippet` prints (DjangoSnippet), with Copy.
class KeepItFixedDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit KeepItFixedDialog(const QString &code, QWidget *parent = nullptr);
    ~KeepItFixedDialog() override;

    QPushButton *copyButton() const { return m_copy; }

private:
    void copy();

    const QScopedPointer<Ui::KeepItFixedDialog> m_ui;
    QPushButton *m_copy = nullptr;
};
