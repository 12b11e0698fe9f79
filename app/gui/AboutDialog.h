#pragma once

#include <QDialog>
#include <QScopedPointer>

namespace Ui {
class AboutDialog;
}

// Help → About profile-admin: the icon, the version, the licence, and where to read more or report a
// problem.
class AboutDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit AboutDialog(QWidget *parent = nullptr);
    ~AboutDialog() override;

    // The project's home page, which the links start from.
    static QString homepage();

private:
    const QScopedPointer<Ui::AboutDialog> m_ui;
};
