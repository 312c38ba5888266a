"""Period summaries: periods as centers use them, figures compiled from the daily reports
and the dossier register, checked, and turned into a chat summary, a DOCX report, an XLSX
table and a chart; sent by themselves after a period closes; a province's roll-up."""
