import Foundation
import Model

/// A device ports attach to: a router or a bridge (midonet-rest-api.md §5.1, §5.2).
///
/// Both are handled alike: a body read into `Fields`, POST creates, PUT replaces every
/// user-settable field, GET renders, a list comes back in creation order, optionally for one
/// `tenant_id`, and filter chains are bound. What differs lives in the conformance. DELETE is
/// not shared: a router's is idempotent, a bridge's answers 404 when it is absent.
protocol DeviceRecord: Sendable {
    associatedtype Fields: DeviceFields<Self>

    /// The stored devices of this kind.
    static var records: WritableKeyPath<MidoNetState, [UUID: Self]> { get }
    /// The protobuf class MidoNet names in 404 and 409 messages (`Network` for a bridge).
    static var className: String { get }
    /// The model named in body errors.
    static var model: String { get }
    static var mediaTypes: [String] { get }
    static var collectionMediaTypes: [String] { get }
    /// References to kinds the emulator does not model, besides the mirrors.
    static var unmodelled: [(field: String, className: String)] { get }
    static func uri(_ id: UUID, _ links: Links) -> String

    /// A device with every user-settable field at its default.
    init(id: UUID, seq: Int)
    var id: UUID { get }
    var seq: Int { get }
    var tenantId: String? { get }
    /// The chains it binds, as `MidoNetState.filterReferrers` indexes them.
    var filters: [UUID?] { get }
    func json(_ links: Links) -> JSONValue
}

/// The user-settable fields of a device body (POST, and the full replacement of PUT).
protocol DeviceFields<Device> {
    associatedtype Device

    init(_ body: BodyReader) throws(APIError)
    /// The chains these fields bind.
    var filters: [UUID?] { get }
    /// Rejects fields the API reads but will not set; `stored` is nil on POST. Runs after the
    /// body is read (POST) or the device is found (PUT), before any reference is checked.
    func checkSettable(replacing stored: Device?) throws(APIError)
    func apply(to device: inout Device)
}

extension DeviceFields {
    func checkSettable(replacing stored: Device?) throws(APIError) {}
}

extension MidoNetAPI {
    /// POST: 409 when the id is taken, 404 for a missing chain or any unmodelled reference; 201.
    mutating func createDevice<Device: DeviceRecord>(_: Device.Type, _ request: APIRequest) throws(APIError) -> EmulatorResponse {
        try request.requireContentType(Device.mediaTypes)
        let body = try BodyReader(request.body, model: Device.model)
        let id = try body.uuid("id") ?? UUID()
        let fields = try Device.Fields(body)
        try fields.checkSettable(replacing: nil)
        if state[keyPath: Device.records][id] != nil { throw APIError.alreadyExists(Device.className, id.text) }
        try state.checkChainsExist(fields.filters)
        try UnmodelledReferences.check(body, single: Device.unmodelled, lists: UnmodelledReferences.mirrors)
        var device = Device(id: id, seq: state.nextSequence())
        fields.apply(to: &device)
        state[keyPath: Device.records][id] = device
        state.updateFilterReferences(device: id, old: [], new: fields.filters)
        return Reply.created(Device.uri(id, Links(base: request.base)))
    }

    /// PUT: replaces every user-settable field; 404 when absent; 204.
    mutating func updateDevice<Device: DeviceRecord>(_: Device.Type, _ id: UUID, _ request: APIRequest) throws(APIError)
        -> EmulatorResponse
    {
        try request.requireContentType(Device.mediaTypes)
        let body = try BodyReader(request.body, model: Device.model)
        let fields = try Device.Fields(body)
        guard var device = state[keyPath: Device.records][id] else { throw APIError.noSuch(Device.className, id.text) }
        try fields.checkSettable(replacing: device)
        try state.checkChainsExist(fields.filters)
        try UnmodelledReferences.check(body, single: Device.unmodelled, lists: UnmodelledReferences.mirrors)
        let oldFilters = device.filters
        fields.apply(to: &device)
        state[keyPath: Device.records][id] = device
        state.updateFilterReferences(device: id, old: oldFilters, new: fields.filters)
        return Reply.noContent
    }

    func getDevice<Device: DeviceRecord>(_: Device.Type, _ id: UUID, _ request: APIRequest) throws(APIError) -> EmulatorResponse {
        let mediaType = try request.accept(Device.mediaTypes)
        guard let device = state[keyPath: Device.records][id] else { throw APIError.noSuch(Device.className, id.text) }
        return Reply.ok(device.json(Links(base: request.base)), mediaType)
    }

    /// Every device of the kind in creation order, only those of `tenant_id` when given.
    func listDevices<Device: DeviceRecord>(_: Device.Type, _ request: APIRequest) throws(APIError) -> EmulatorResponse {
        let mediaType = try request.accept(Device.collectionMediaTypes)
        let tenant = request.queryItem("tenant_id")
        let links = Links(base: request.base)
        let devices = MidoNetState.ordered(state[keyPath: Device.records], seq: \.seq)
            .filter { tenant == nil || $0.tenantId == tenant }
        return Reply.list(devices.map { $0.json(links) }, mediaType)
    }
}
