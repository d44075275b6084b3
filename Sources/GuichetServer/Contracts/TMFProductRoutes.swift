import Foundation
import GuichetApp
import GuichetCore
import Hummingbird

/// TMF622 productOrder (create) and TMF637 product (read), over the same contracts as /api/v1.
struct TMFProductRoutes {
    let service: ContractService
    let now: @Sendable () -> Instant
    static let ordering = "/tmf-api/productOrderingManagement/v5"
    static let inventory = "/tmf-api/productInventory/v5"

    struct Ref: Codable, Sendable { let id: String; let href: String?; let name: String?; let role: String? }
    struct Duration: Codable, Sendable { let amount: Int; let units: String }
    struct ItemTerm: Codable, Sendable { let duration: Duration }
    struct OrderItem: Codable, Sendable {
        let id: String
        let action: String
        let quantity: Int?
        let productOffering: Ref
        let itemTerm: [ItemTerm]?
        var product: Ref?
    }
    /// TMF622 ProductOrder, with Guichet's `orderDate` (the order's legal date), `distanceSale` and a shop sale's
    /// `presentedDocuments` (001 CG 2, 003 CG 3.1).
    struct ProductOrder: Codable, Sendable {
        var id: String?
        var href: String?
        var state: String?
        let orderDate: LocalDate
        let distanceSale: Bool?
        let presentedDocuments: PresentedDocuments?
        let relatedParty: [Ref]
        var productOrderItem: [OrderItem]
        var type: String? = "ProductOrder"
        enum CodingKeys: String, CodingKey { case id, href, state, orderDate, distanceSale, presentedDocuments, relatedParty, productOrderItem, type = "@type" }
    }

    struct Money: Encodable { let unit = "EUR"; let value: Decimal }
    struct Price: Encodable { let taxIncludedAmount: Money?; let dutyFreeAmount: Money? }
    struct ProductPrice: Encodable { let name: String; let priceType = "recurring"; let recurringChargePeriod = "month"; let price: Price; let version: String }
    struct ProductTerm: Encodable { let name: String; let duration: Duration; let validFor: Period }
    struct Period: Encodable { let startDateTime: String; let endDateTime: String? }
    /// TMF637 Product.
    struct Product: Encodable {
        let id, href, name, status, guichetState, family, legalBasis: String
        let productOffering: Ref
        let relatedParty: [Ref]
        let productPrice: [ProductPrice]
        let productTerm: [ProductTerm]
        let orderDate: String
        let startDate: String?
        let terminationDate: String?
        let type = "Product"
        enum CodingKeys: String, CodingKey {
            case id, href, name, status, guichetState, family, legalBasis, productOffering, relatedParty, productPrice, productTerm
            case orderDate, startDate, terminationDate, type = "@type"
        }
    }

    /// TMF637's status of a state.
    static func status(_ state: ContractState) -> String {
        switch state {
        case .pendingActivation: "pendingActive"
        case .active: "active"
        case .suspended: "suspended"
        case .pendingTermination: "pendingTerminate"
        case .terminated: "terminated"
        case .cancelled, .withdrawn: "cancelled"
        }
    }

    /// The product as it stands `now`: its price is the fee in force that day in its territory (revised, 004 §15.1).
    func product(_ c: Contract) -> Product {
        let at = now()
        let fee = c.fee(on: service.territories[c.territoryID]?.zone.local(at).date ?? at.utcDate)
        let status = Self.status(c.state)
        let amount = fee.flatMap { Decimal(string: $0.amount.description) }.map { Money(value: $0) }
        let prices = fee.map { [ProductPrice(name: "monthly fee", price: Price(taxIncludedAmount: $0.taxIncluded ? amount : nil,
                                                                                      dutyFreeAmount: $0.taxIncluded ? nil : amount), version: $0.version)] } ?? []
        let terms = c.engagementStart.map { start in
            [ProductTerm(name: "engagement", duration: Duration(amount: c.engagementMonths, units: "month"),
                         validFor: Period(startDateTime: "\(start)T00:00:00Z", endDateTime: c.engagementEnd.map { "\($0)T00:00:00Z" }))]
        } ?? []
        let ended = c.history.last { $0.to.isFinal }?.on
        return Product(id: c.id, href: "\(Self.inventory)/product/\(c.id)", name: c.offeringID, status: status, guichetState: c.state.rawValue,
                       family: c.family.rawValue, legalBasis: "seed \(c.family.document) general terms",
                       productOffering: Ref(id: c.offeringID, href: "\(TMF620.base)/productOffering/\(c.offeringID)", name: nil, role: nil),
                       relatedParty: [Ref(id: c.customerID, href: "/api/v1/customers/\(c.customerID)", name: nil, role: "customer")],
                       productPrice: prices, productTerm: terms, orderDate: c.orderedOn.description,
                       startDate: c.activatedOn?.description, terminationDate: ended?.description)
    }

    func register(on router: Router<AppRequestContext>) {
        router.post(RouterPath(stringLiteral: "\(Self.ordering)/productOrder")) { request, context -> Response in
            var order = try await request.decode(as: ProductOrder.self, context: context)
            guard let customer = order.relatedParty.first(where: { ($0.role ?? "customer") == "customer" }) else {
                throw TMFError.badParameter("relatedParty", "a party with role 'customer' is required")
            }
            guard !order.productOrderItem.isEmpty else { throw TMFError.badParameter("productOrderItem", "at least one item is required") }
            for item in order.productOrderItem where item.action != "add" {
                throw TMFError.badParameter("productOrderItem[\(item.id)].action", "'\(item.action)' is not supported; only 'add' creates a contract")
            }
            var items: [OrderItem] = []
            for var item in order.productOrderItem {
                let months = item.itemTerm?.first?.duration.amount
                let contract: Contract
                do {
                    contract = try await service.order(.init(customer: customer.id, offering: item.productOffering.id, engagementMonths: months,
                                                             quantity: item.quantity, orderedOn: order.orderDate, distanceSale: order.distanceSale,
                                                             presentedDocuments: order.presentedDocuments), at: now())
                } catch let e as ContractError {
                    throw TMFError(.badRequest, code: "invalidParameter", reason: "productOrderItem[\(item.id)]: \(e.description)")
                }
                item.product = Ref(id: contract.id, href: "\(Self.inventory)/product/\(contract.id)", name: nil, role: nil)
                items.append(item)
            }
            order.id = ResourceID.make("ord")
            order.href = "\(Self.ordering)/productOrder/\(order.id!)"
            order.state = "completed"
            order.productOrderItem = items
            return Response(status: .created, headers: [.contentType: "application/json; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder().encode(order))))
        }
        router.get(RouterPath(stringLiteral: "\(Self.inventory)/product")) { request, _ in
            let listing = try TMFListing(request)
            var query = listing.query(request, filters: ["relatedParty.id": "customer_id"])
            if let status = request.uri.queryParameters.get("status") {
                query.oneOf["state"] = ContractState.allCases.filter { Self.status($0) == status }.map(\.rawValue)
            }
            let page = try await service.contracts(query)
            return try listing.response(page: page.contracts.map(product), total: page.total)
        }
        router.get(RouterPath(stringLiteral: "\(Self.inventory)/product/:id")) { request, context in
            let id = try context.parameters.require("id")
            guard let c = try await service.contract(id) else { throw TMFError.notFound("product '\(id)'") }
            return try TMFListing.one(product(c), request: request)
        }
    }
}
