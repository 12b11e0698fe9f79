#include "FillPlanEditor.h"

#include "ui_FillPlanEditor.h"

#include "DatabaseEngine.h"
#include "DjangoProject.h"
#include "MissingProfileFixer.h"

#include <QPainter>
#include <QPushButton>
#include <QStyledItemDelegate>

namespace {

// What the value cell shows for a fill: the value itself where it is one, else what the database will do.
QString valueText(const ColumnFill &fill)
{
    if (fill.kind != ColumnFill::Kind::Value)
        return fill.displayValue();
    if (fill.value.typeId() == QMetaType::Bool)
        return fill.value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return fill.value.toString();
}

// An empty text value would look like no value at all: the value column says "empty text" instead, in
// italics, while its editor still starts empty.
class ValueDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        const QString shown = index.data(Qt::AccessibleTextRole).toString();
        if (option->text.isEmpty() && !shown.isEmpty()) {
            option->text = shown;
            option->font.setItalic(true);
            option->palette.setColor(QPalette::Text, option->palette.color(QPalette::PlaceholderText));
        }
    }
};

} // namespace

FillPlanEditor::FillPlanEditor(const QSqlDatabase &db, const ProfileSchema &schema,
                               const QMap<QString, QString> &overrides, QWidget *parent)
    : QWidget(parent)
    , m_ui(new Ui::FillPlanEditor)
    , m_db(db)
    , m_schema(schema)
    , m_overrides(overrides)
{
    m_ui->setupUi(this);
    QFont mono = m_ui->sqlPreview->font();
    mono.setStyleHint(QFont::Monospace);
    mono.setFamily(QStringLiteral("monospace"));
    m_ui->sqlPreview->setFont(mono);
    QFont bold = m_ui->errorLabel->font();
    bold.setBold(true);
    m_ui->errorLabel->setFont(bold);

    m_ui->valuesTable->setColumnCount(4);
    m_ui->valuesTable->setHorizontalHeaderLabels({tr("Column"), tr("Type"), tr("Value"), tr("Why")});
    m_ui->valuesTable->setRowCount(int(schema.profileColumns.size()));
    m_ui->valuesTable->setItemDelegateForColumn(ValueColumn, new ValueDelegate(m_ui->valuesTable));
    fillTable();
    rebuild();

    connect(m_ui->valuesTable, &QTableWidget::itemChanged, this, &FillPlanEditor::valueEdited);
    connect(m_ui->resetButton, &QPushButton::clicked, this, &FillPlanEditor::resetValues);
}

FillPlanEditor::~FillPlanEditor() = default;

void FillPlanEditor::fillTable()
{
    for (int row = 0; row < m_schema.profileColumns.size(); ++row) {
        const ColumnInfo &column = m_schema.profileColumns.at(row);
        auto *name = new QTableWidgetItem(column.name);
        name->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        auto *type = new QTableWidgetItem(column.sqlType);
        type->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        auto *value = new QTableWidgetItem;
        // The link is always the user's key.
        value->setFlags(column.name == m_schema.linkColumn
                            ? Qt::ItemIsEnabled | Qt::ItemIsSelectable
                            : Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable);
        auto *reason = new QTableWidgetItem;
        reason->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        m_ui->valuesTable->setItem(row, NameColumn, name);
        m_ui->valuesTable->setItem(row, TypeColumn, type);
        m_ui->valuesTable->setItem(row, ValueColumn, value);
        m_ui->valuesTable->setItem(row, ReasonColumn, reason);
    }
}

void FillPlanEditor::valueEdited(QTableWidgetItem *item)
{
    if (item->column() != ValueColumn)
        return;
    const QString column = m_schema.profileColumns.at(item->row()).name;
    m_overrides.insert(column, item->text());
    rebuild();
}

void FillPlanEditor::resetValues()
{
    m_overrides.clear();
    rebuild();
}

void FillPlanEditor::setDjango(const DjangoModel *model, bool viaDjango)
{
    m_model = model;
    m_viaDjango = viaDjango;
    rebuild();
}

bool FillPlanEditor::canCreate() const
{
    // The site's ORM computes what SQL cannot; nothing else that is wrong with the plan goes away with it.
    return m_plan.isValid() || (m_viaDjango && m_model && m_plan.needsDjangoOnly());
}

void FillPlanEditor::rebuild()
{
    m_plan = FillPlan::build(m_schema, DatabaseEngine::of(m_db), m_overrides, m_model);
    // The table is brought up to date in place: rebuilding items would end an edit in progress.
    const QSignalBlocker blocker(m_ui->valuesTable);
    for (int row = 0; row < m_schema.profileColumns.size(); ++row) {
        const QString name = m_schema.profileColumns.at(row).name;
        const ColumnFill *fill = nullptr;
        for (const auto &candidate : m_plan.columns()) {
            if (candidate.column == name)
                fill = &candidate;
        }
        QTableWidgetItem *value = m_ui->valuesTable->item(row, ValueColumn);
        QTableWidgetItem *reason = m_ui->valuesTable->item(row, ReasonColumn);
        // A column the plan could not fill keeps the text typed, and says what it needs.
        value->setText(fill ? valueText(*fill) : m_overrides.value(name));
        const bool emptyText = fill && fill->kind == ColumnFill::Kind::Value && value->text().isEmpty() &&
                               fill->value.typeId() == QMetaType::QString;
        value->setData(Qt::AccessibleTextRole, emptyText ? tr("empty text") : QVariant());
        // The SQL form tells an empty text ('') from no value at all.
        value->setToolTip(fill ? fill->displayValue() : QString());
        QFont font = value->font();
        font.setItalic(fill && fill->kind != ColumnFill::Kind::Value);
        value->setFont(font);
        reason->setText(fill ? fill->reason
                             : tr("needs a value that fits %1").arg(m_schema.profileColumns.at(row).sqlType));
    }
    m_ui->valuesTable->resizeColumnsToContents();

    const bool valid = m_plan.isValid();
    m_ui->errorLabel->setText(valid ? QString() : m_plan.errorText());
    m_ui->errorLabel->setVisible(!valid);
    m_ui->resetButton->setEnabled(!m_overrides.isEmpty());
    if (m_viaDjango && m_model) {
        // What only the site's code can compute is no problem when the site's code creates the profiles.
        m_ui->errorLabel->setVisible(!valid && !m_plan.needsDjangoOnly());
        m_ui->sqlPreview->setPlainText(
            tr("-- Through the Django project: %1(user=…).save() for every user without one, in batches, "
               "inside one transaction.atomic().")
                .arg(m_model->label()));
        Q_EMIT planChanged();
        return;
    }
    m_ui->sqlPreview->setPlainText(valid ? MissingProfileFixer(m_db, m_schema, m_plan).previewSql() +
                                               QLatin1Char(';')
                                         : tr("-- No SQL until every column has a value that fits."));
    Q_EMIT planChanged();
}
