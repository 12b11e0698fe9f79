#include "DocumentationViewer.h"

#include <QDialogButtonBox>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

DocumentationViewer::DocumentationViewer(QWidget *parent)
    : QDialog(parent)
    , m_browser(new QTextBrowser(this))
{
    setWindowTitle(tr("profile-admin documentation"));
    m_browser->setAccessibleName(tr("Documentation"));
    // Links between the guides stay inside; links to the web open in the browser.
    m_browser->setOpenExternalLinks(true);
    m_browser->setSource(home(), QTextDocument::MarkdownResource);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_browser);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->button(QDialogButtonBox::Close)->setAccessibleName(tr("Close"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(820, 640);
}

QUrl DocumentationViewer::home()
{
    return QUrl(QStringLiteral("qrc:/docs/gui-walkthrough.md"));
}
