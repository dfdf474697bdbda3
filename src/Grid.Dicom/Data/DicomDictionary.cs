namespace Grid.Dicom.Data;

/// <summary>Keyword and VR of the tags the project works with (PS3.6), as a compact table kept in code.</summary>
/// <remarks>
/// Covers the command group, file meta group and the patient, study, series, SOP common, equipment,
/// general image and image pixel modules plus the usual code and reference sequences. A tag missing here
/// reads as UN in implicit VR; in explicit VR the VR comes from the data.
/// </remarks>
public static class DicomDictionary
{
    public sealed record Entry(DicomTag Tag, DicomVR VR, string Keyword);

    // "GGGGEEEE VR Keyword" per line; for multi-VR tags (US or SS, OB or OW) the VR implicit VR readers assume.
    private const string Table = """
        00000000 UL CommandGroupLength
        00000002 UI AffectedSOPClassUID
        00000003 UI RequestedSOPClassUID
        00000100 US CommandField
        00000110 US MessageID
        00000120 US MessageIDBeingRespondedTo
        00000600 AE MoveDestination
        00000700 US Priority
        00000800 US CommandDataSetType
        00000900 US Status
        00000901 AT OffendingElement
        00000902 LO ErrorComment
        00000903 US ErrorID
        00001000 UI AffectedSOPInstanceUID
        00001001 UI RequestedSOPInstanceUID
        00001002 US EventTypeID
        00001008 US ActionTypeID
        00001020 US NumberOfRemainingSuboperations
        00001021 US NumberOfCompletedSuboperations
        00001022 US NumberOfFailedSuboperations
        00001023 US NumberOfWarningSuboperations
        00001030 AE MoveOriginatorApplicationEntityTitle
        00001031 US MoveOriginatorMessageID
        00020000 UL FileMetaInformationGroupLength
        00020001 OB FileMetaInformationVersion
        00020002 UI MediaStorageSOPClassUID
        00020003 UI MediaStorageSOPInstanceUID
        00020010 UI TransferSyntaxUID
        00020012 UI ImplementationClassUID
        00020013 SH ImplementationVersionName
        00020016 AE SourceApplicationEntityTitle
        00020017 AE SendingApplicationEntityTitle
        00020018 AE ReceivingApplicationEntityTitle
        00020100 UI PrivateInformationCreatorUID
        00020102 OB PrivateInformation
        00080005 CS SpecificCharacterSet
        00080008 CS ImageType
        00080012 DA InstanceCreationDate
        00080013 TM InstanceCreationTime
        00080014 UI InstanceCreatorUID
        00080016 UI SOPClassUID
        00080018 UI SOPInstanceUID
        00080020 DA StudyDate
        00080021 DA SeriesDate
        00080022 DA AcquisitionDate
        00080023 DA ContentDate
        0008002A DT AcquisitionDateTime
        00080030 TM StudyTime
        00080031 TM SeriesTime
        00080032 TM AcquisitionTime
        00080033 TM ContentTime
        00080050 SH AccessionNumber
        00080052 CS QueryRetrieveLevel
        00080054 AE RetrieveAETitle
        00080056 CS InstanceAvailability
        00080060 CS Modality
        00080061 CS ModalitiesInStudy
        00080064 CS ConversionType
        00080068 CS PresentationIntentType
        00080070 LO Manufacturer
        00080080 LO InstitutionName
        00080081 ST InstitutionAddress
        00080090 PN ReferringPhysicianName
        00080100 SH CodeValue
        00080102 SH CodingSchemeDesignator
        00080103 SH CodingSchemeVersion
        00080104 LO CodeMeaning
        00080201 SH TimezoneOffsetFromUTC
        00081010 SH StationName
        00081030 LO StudyDescription
        00081032 SQ ProcedureCodeSequence
        0008103E LO SeriesDescription
        00081040 LO InstitutionalDepartmentName
        00081048 PN PhysiciansOfRecord
        00081050 PN PerformingPhysicianName
        00081060 PN NameOfPhysiciansReadingStudy
        00081070 PN OperatorsName
        00081090 LO ManufacturerModelName
        00081110 SQ ReferencedStudySequence
        00081111 SQ ReferencedPerformedProcedureStepSequence
        00081115 SQ ReferencedSeriesSequence
        00081140 SQ ReferencedImageSequence
        00081150 UI ReferencedSOPClassUID
        00081155 UI ReferencedSOPInstanceUID
        00082111 ST DerivationDescription
        00089215 SQ DerivationCodeSequence
        00100010 PN PatientName
        00100020 LO PatientID
        00100021 LO IssuerOfPatientID
        00100030 DA PatientBirthDate
        00100032 TM PatientBirthTime
        00100040 CS PatientSex
        00101000 LO OtherPatientIDs
        00101001 PN OtherPatientNames
        00101010 AS PatientAge
        00101020 DS PatientSize
        00101030 DS PatientWeight
        00102160 SH EthnicGroup
        001021B0 LT AdditionalPatientHistory
        00104000 LT PatientComments
        00120062 CS PatientIdentityRemoved
        00120063 LO DeidentificationMethod
        00180010 LO ContrastBolusAgent
        00180015 CS BodyPartExamined
        00180022 CS ScanOptions
        00180050 DS SliceThickness
        00180060 DS KVP
        00180080 DS RepetitionTime
        00180081 DS EchoTime
        00180087 DS MagneticFieldStrength
        00180088 DS SpacingBetweenSlices
        00181000 LO DeviceSerialNumber
        00181020 LO SoftwareVersions
        00181030 LO ProtocolName
        00181150 IS ExposureTime
        00181151 IS XRayTubeCurrent
        00181152 IS Exposure
        00181210 SH ConvolutionKernel
        00185100 CS PatientPosition
        0020000D UI StudyInstanceUID
        0020000E UI SeriesInstanceUID
        00200010 SH StudyID
        00200011 IS SeriesNumber
        00200012 IS AcquisitionNumber
        00200013 IS InstanceNumber
        00200020 CS PatientOrientation
        00200032 DS ImagePositionPatient
        00200037 DS ImageOrientationPatient
        00200052 UI FrameOfReferenceUID
        00200060 CS Laterality
        00201040 LO PositionReferenceIndicator
        00201041 DS SliceLocation
        00201206 IS NumberOfStudyRelatedSeries
        00201208 IS NumberOfStudyRelatedInstances
        00201209 IS NumberOfSeriesRelatedInstances
        00204000 LT ImageComments
        00280002 US SamplesPerPixel
        00280004 CS PhotometricInterpretation
        00280006 US PlanarConfiguration
        00280008 IS NumberOfFrames
        00280009 AT FrameIncrementPointer
        00280010 US Rows
        00280011 US Columns
        00280030 DS PixelSpacing
        00280034 IS PixelAspectRatio
        00280100 US BitsAllocated
        00280101 US BitsStored
        00280102 US HighBit
        00280103 US PixelRepresentation
        00280106 US SmallestImagePixelValue
        00280107 US LargestImagePixelValue
        00280301 CS BurnedInAnnotation
        00281050 DS WindowCenter
        00281051 DS WindowWidth
        00281052 DS RescaleIntercept
        00281053 DS RescaleSlope
        00281054 LO RescaleType
        00282110 CS LossyImageCompression
        00282112 DS LossyImageCompressionRatio
        00282114 CS LossyImageCompressionMethod
        00321032 PN RequestingPhysician
        00321060 LO RequestedProcedureDescription
        00321064 SQ RequestedProcedureCodeSequence
        00400009 SH ScheduledProcedureStepID
        00400244 DA PerformedProcedureStepStartDate
        00400245 TM PerformedProcedureStepStartTime
        00400253 SH PerformedProcedureStepID
        00400254 LO PerformedProcedureStepDescription
        00400275 SQ RequestAttributesSequence
        00401001 SH RequestedProcedureID
        00880140 UI StorageMediaFileSetUID
        7FE00008 OF FloatPixelData
        7FE00009 OD DoubleFloatPixelData
        7FE00010 OW PixelData
        FFFEE000 UN Item
        FFFEE00D UN ItemDelimitationItem
        FFFEE0DD UN SequenceDelimitationItem
        """;

    private static readonly Lazy<(Dictionary<DicomTag, Entry> ByTag, Dictionary<string, Entry> ByKeyword)> Entries = new(Build);

    private static (Dictionary<DicomTag, Entry>, Dictionary<string, Entry>) Build()
    {
        var byTag = new Dictionary<DicomTag, Entry>();
        var byKeyword = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var line in Table.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ');
            var entry = new Entry(new DicomTag(Convert.ToUInt32(parts[0], 16)), Enum.Parse<DicomVR>(parts[1]), parts[2]);
            byTag.Add(entry.Tag, entry);
            byKeyword.Add(entry.Keyword, entry);
        }
        return (byTag, byKeyword);
    }

    public static IEnumerable<Entry> All => Entries.Value.ByTag.Values;

    public static Entry? Find(DicomTag tag) => Entries.Value.ByTag.GetValueOrDefault(tag);

    public static Entry? Find(string keyword) => Entries.Value.ByKeyword.GetValueOrDefault(keyword);

    /// <summary>The VR an implicit VR reader assigns: dictionary VR, UL for group lengths, LO for private creators, else UN.</summary>
    public static DicomVR ImplicitVR(DicomTag tag)
    {
        if (Find(tag) is { } entry) return entry.VR;
        if (tag.IsGroupLength) return DicomVR.UL;
        if (tag.IsPrivateCreator) return DicomVR.LO;
        return DicomVR.UN;
    }

    public static string KeywordOf(DicomTag tag) => Find(tag)?.Keyword ?? (tag.IsGroupLength ? "GroupLength" : "Unknown");
}
