namespace Grid.Workflows.Dicom.Tests;

/// <summary>Workflow definitions of the tests: routers read the received study's tags; exports send the input.</summary>
internal static class Workflows
{
    /// <summary>
    /// Routes on the study's tags (patient id at study level, modality per series) and archives the input to a
    /// folder destination, so that the test sees the files the workflow received.
    /// </summary>
    public static string TagRouter(string name, string aeTitle, string dataOrigin) => $$$"""
        {
          "name": "{{{name}}}",
          "version": "1",
          "informatics_gateway": { "ae_title": "{{{aeTitle}}}", "data_origins": ["{{{dataOrigin}}}"], "export_destinations": ["ARCHIVE"] },
          "tasks": [
            {
              "id": "route", "type": "router",
              "task_destinations": [
                { "name": "some_mr", "conditions": ["{{context.input.dicom.series.any('0008','0060')}} == 'MR'",
                                                    "{{context.input.dicom.tags('0010','0020')}} == 'PID-0001'"] },
                { "name": "all_mr", "conditions": ["{{context.input.dicom.series.all('0008','0060')}} == 'MR'"] },
                { "name": "all_thin", "conditions": ["{{context.input.dicom.series.all('0018','0050')}} < 2"] }
              ]
            },
            { "id": "some_mr", "type": "router" },
            { "id": "all_mr", "type": "router" },
            {
              "id": "all_thin", "type": "export",
              "export_destinations": [ { "name": "ARCHIVE" } ],
              "artifacts": { "input": [ { "name": "study", "value": "{{ context.input }}", "mandatory": true } ] }
            }
          ]
        }
        """;

    /// <summary>Sends its input to one export destination.</summary>
    public static string ExportTo(string name, string aeTitle, string destination) => $$$"""
        {
          "name": "{{{name}}}",
          "version": "1",
          "informatics_gateway": { "ae_title": "{{{aeTitle}}}", "export_destinations": ["{{{destination}}}"] },
          "tasks": [
            {
              "id": "send", "type": "export",
              "export_destinations": [ { "name": "{{{destination}}}" } ],
              "artifacts": { "input": [ { "name": "study", "value": "{{ context.input }}", "mandatory": true } ] }
            }
          ]
        }
        """;

    /// <summary>Runs one grid application on the received study.</summary>
    public static string Checksum(string name, string aeTitle, string application) => $$$"""
        {
          "name": "{{{name}}}",
          "version": "1",
          "informatics_gateway": { "ae_title": "{{{aeTitle}}}" },
          "tasks": [
            {
              "id": "checksum", "type": "grid",
              "args": { "application_name": "{{{application}}}" },
              "artifacts": { "input": [ { "name": "study", "value": "{{ context.input }}", "mandatory": true } ] }
            }
          ]
        }
        """;
}
