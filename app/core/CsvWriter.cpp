#include "CsvWriter.h"

#include <QIODevice>

CsvWriter::CsvWriter(QIODevice *device)
    : m_device(device)
{}

bool CsvWriter::writeByteOrderMark()
{
    static const QByteArray bom("\xEF\xBB\xBF");
    return m_device->write(bom) == bom.size();
}

bool CsvWriter::writeRecord(const QStringList &fields)
{
    const QByteArray record = format(fields);
    return m_device->write(record) == record.size();
}

QByteArray CsvWriter::format(const QStringList &fields)
{
    QByteArray record;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (i > 0)
            record += ',';
        record += formatField(fields.at(i));
    }
    record += "\r\n";
    return record;
}

QByteArray CsvWriter::formatField(const QString &field)
{
    if (field.isNull())
        return {};
    QByteArray bytes = field.toUtf8();
    const bool quote = bytes.isEmpty() || bytes.contains(',') || bytes.contains('"') ||
                       bytes.contains('\r') || bytes.contains('\n');
    if (!quote)
        return bytes;
    bytes.replace('"', "\"\"");
    return '"' + bytes + '"';
}
