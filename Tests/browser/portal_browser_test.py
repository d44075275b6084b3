#!/usr/bin/env python3
"""Issue 9: the portal in a real browser (Debian's chromium, headless, driven by Selenium).

Starts `guichet serve --demo` on a free loopback port with a fresh database, signs in as each
role, completes one main task per space, and saves screenshots under test-artifacts/screenshots.
Usage: portal_browser_test.py PATH/TO/guichet
"""
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHOTS = os.path.join(ROOT, "test-artifacts", "screenshots")
PASSWORD = "guichet-demo"


def mark(driver):
    """Marks the current document, so that the next one can be told from it."""
    driver.execute_script("window.__guichetOld = true")


def wait_for_next(driver):
    """Waits until a new document has replaced the marked one and has loaded (server-rendered pages)."""
    WebDriverWait(driver, 15).until(
        lambda d: d.execute_script("return window.__guichetOld === undefined && document.readyState === 'complete'"))


def follow(driver, element):
    """Clicks a link or a submit button and waits for the next page."""
    mark(driver)
    element.click()
    wait_for_next(driver)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def start_server(binary, folder):
    port = free_port()
    log = open(os.path.join(folder, "serve.log"), "w")
    proc = subprocess.Popen([binary, "serve", "--demo", "--host", "127.0.0.1", "--port", str(port),
                             "--database", os.path.join(folder, "demo.sqlite"), "--catalogs", os.path.join(ROOT, "Catalogs")],
                            stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1)
            return proc, port
        except OSError:
            if proc.poll() is not None:
                raise SystemExit(f"guichet serve stopped: see {log.name}")
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("guichet serve did not answer /health within 60 s")


def browser(width=1280, height=900):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", f"--window-size={width},{height}"]:
        options.add_argument(arg)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


class Portal:
    def __init__(self, base):
        self.base = base
        self.failures = []

    def check(self, condition, what):
        print(("  ok   " if condition else "  FAIL ") + what)
        if not condition:
            self.failures.append(what)

    def shot(self, driver, name):
        os.makedirs(SHOTS, exist_ok=True)
        driver.save_screenshot(os.path.join(SHOTS, f"{name}.png"))

    def sign_in(self, driver, login):
        driver.get(self.base + "/connexion")
        driver.find_element(By.ID, "login").send_keys(login)
        driver.find_element(By.ID, "password").send_keys(PASSWORD)
        follow(driver, driver.find_element(By.CSS_SELECTOR, "form.card button[type=submit]"))

    def sign_out(self, driver):
        follow(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/deconnexion'] button"))
        self.check(driver.current_url.endswith("/connexion"), "sign-out returns to the sign-in page")

    def text(self, driver):
        return driver.find_element(By.TAG_NAME, "body").text


def customer_sees_an_invoice(p, d):
    print("customer (marie): an invoice")
    p.sign_in(d, "marie")
    p.check(d.current_url.endswith("/espace-client"), "marie lands in her space")
    body = p.text(d)
    p.check("Fin d'engagement" in body and "01/02/2027" in body, "the contract shows its engagement end date")
    p.check(d.find_elements(By.CSS_SELECTOR, "svg.chart rect"), "consumption has its SVG chart")
    p.shot(d, "customer-space")
    contrast(p, d, "/espace-client")
    link = d.find_element(By.PARTIAL_LINK_TEXT, "Voir la facture")
    number = link.text.split()[-1]
    follow(d, link)
    p.check(number in p.text(d) and "Total" in p.text(d), f"invoice {number} is shown")
    p.shot(d, "customer-invoice")
    d.get(p.base + "/espace-client")
    follow(d, d.find_element(By.PARTIAL_LINK_TEXT, "Devis de résiliation"))
    p.check("Total" in p.text(d) and "Devis de résiliation" in p.text(d), "the termination quote is shown")
    p.shot(d, "customer-termination-quote")
    d.get(p.base + "/espace-client")
    email = d.find_element(By.ID, "contact-email")
    email.clear()
    email.send_keys("marie.nouvelle@example.org")
    follow(d, d.find_element(By.CSS_SELECTOR, "form[action='/espace-client/donnees/rectification'] button"))
    p.check("Vos coordonnées sont corrigées" in p.text(d), "the customer corrects her e-mail address (GDPR art. 16)")
    p.check(d.find_element(By.ID, "contact-email").get_attribute("value") == "marie.nouvelle@example.org", "the new address is shown")
    p.sign_out(d)


def wholesale_operator_files_a_ticket(p, d):
    print("wholesale operator (noc): an e-soutien ticket")
    p.sign_in(d, "noc")
    p.check(d.current_url.endswith("/e-soutien"), "noc lands in e-soutien")
    Select(d.find_element(By.ID, "eService")).select_by_value("e-sav")
    Select(d.find_element(By.ID, "kind")).select_by_value("dysfonctionnement")
    d.find_element(By.ID, "subject").send_keys("Accès FTTH 123 coupé")
    d.find_element(By.ID, "description").send_keys("Perte de synchronisation depuis 08:00.")
    d.find_element(By.ID, "email").send_keys("noc@operateur-demo.example")
    follow(d, d.find_element(By.CSS_SELECTOR, "form[action='/e-soutien/tickets'] button"))
    p.check("/e-soutien/tickets/ES-" in d.current_url, "the ticket page opens with its reference")
    p.check("Votre demande est enregistrée" in p.text(d), "the filing is confirmed")
    d.find_element(By.ID, "text").send_keys("Le client est joignable au 0590 00 00 00.")
    follow(d, d.find_element(By.CSS_SELECTOR, "button[value=complement]"))
    p.check("complément est ajouté" in p.text(d) and "0590 00 00 00" in p.text(d), "RETOUR SUR TICKET OUVERT adds the complement")
    p.shot(d, "esoutien-ticket")
    contrast(p, d, "/e-soutien")
    d.get(p.base + "/e-soutien")
    p.check("Accès FTTH 123 coupé" in p.text(d), "the ticket is listed with its status")
    p.sign_out(d)


def business_admin_orders_a_user_pack(p, d):
    print("business administrator (claire): a user pack")
    p.sign_in(d, "claire")
    p.check(d.current_url.endswith("/espace-entreprise"), f"claire lands in the Espace Client Entreprise ({d.current_url})")
    before = len(d.find_elements(By.XPATH, "//section[@aria-labelledby='contrats']//tbody/tr"))
    Select(d.find_element(By.ID, "offering")).select_by_value("wte-pack-calling")
    quantity = d.find_element(By.ID, "quantity")
    quantity.clear()
    quantity.send_keys("3")
    follow(d, d.find_element(By.CSS_SELECTOR, "form[action='/espace-entreprise/commandes'] button"))
    after = len(d.find_elements(By.XPATH, "//section[@aria-labelledby='contrats']//tbody/tr"))
    p.check("Votre commande est enregistrée" in p.text(d), "the order is confirmed")
    p.check(after == before + 1, f"the order is a new contract line ({before} → {after})")
    Select(d.find_element(By.ID, "offering")).select_by_value("wte-telephone-ip")
    Select(d.find_element(By.ID, "mode")).select_by_value("location")
    follow(d, d.find_element(By.CSS_SELECTOR, "form[action='/espace-entreprise/commandes'] button"))
    p.check("location — en attente de livraison" in p.text(d), "a rented IP phone is ordered and awaits delivery")
    p.shot(d, "business-space")
    contrast(p, d, "/espace-entreprise")
    p.sign_out(d)


def business_admin_returns_the_rented_phone(p, d):
    print("business administrator (claire): return of the rented phone")
    p.sign_in(d, "claire")
    follow(d, d.find_element(By.XPATH, "//form[@action='/espace-entreprise/materiel/restitution']//button"))
    p.check("La restitution est demandée" in p.text(d) and "restitution demandée le" in p.text(d),
            "the return is asked for; the rental runs until the phone is back")
    p.shot(d, "business-equipment-return")
    p.sign_out(d)


def billing_agent_runs_a_bill_run(p, d):
    print("billing agent: a bill run")
    p.sign_in(d, "agent.facturation")
    p.check(d.current_url.endswith("/back-office"), "the billing agent lands in the back office")
    before = len(d.find_elements(By.CSS_SELECTOR, "#bill-runs tbody tr"))
    follow(d, d.find_element(By.CSS_SELECTOR, "form[action='/back-office/facturation'] button"))
    after = len(d.find_elements(By.CSS_SELECTOR, "#bill-runs tbody tr"))
    p.check("facturation est lancée" in p.text(d) and after == before + 1, f"the bill run is listed ({before} → {after})")
    p.check("Journal d'audit" not in p.text(d), "a billing agent does not see the audit log")
    p.shot(d, "backoffice-bill-run")
    p.sign_out(d)


def support_agent_sees_the_queue(p, d):
    print("support agent: the ticket queue")
    p.sign_in(d, "agent.support")
    body = p.text(d)
    p.check("File des tickets ouverts" in body and "Accès FTTH 123 coupé" in body, "the queue lists open tickets with their SLA timers")
    p.check("Lancer la facturation" not in body, "a support agent cannot run bills")
    p.shot(d, "backoffice-support-queue")
    follow(d, d.find_element(By.XPATH, "//tr[td[contains(., 'Accès FTTH 123 coupé')]]//a"))
    follow(d, d.find_element(By.CSS_SELECTOR, "button[value=prise-en-charge]"))
    p.check("En cours de traitement" in d.find_element(By.ID, "etat").text, "the agent takes the e-soutien ticket in hand")
    p.shot(d, "backoffice-ticket")
    d.get(p.base + "/back-office")
    p.sign_out(d)


def administrator_reads_the_audit_log(p, d):
    print("operator administrator: the audit log")
    p.sign_in(d, "admin")
    body = p.text(d)
    p.check("Journal d'audit" in body and "businessAdmin:claire" in body and "/espace-entreprise/commandes" in body,
            "the audit log names who ordered what")
    p.shot(d, "backoffice-admin")
    contrast(p, d, "/back-office")
    # The carrier's proof of delivery: the phone is received today, billed from today (004 §15).
    follow(d, d.find_element(By.XPATH, "//tr[td[contains(., 'Atelier Démo')]]//a"))
    day = d.find_element(By.CSS_SELECTOR, "form[action$='/materiel'] input[type=date]")
    d.execute_script("arguments[0].value = new Date().toLocaleDateString('sv-SE', {timeZone: 'Europe/Paris'})", day)
    follow(d, d.find_element(By.CSS_SELECTOR, "form[action$='/materiel'] button"))
    p.check("La réception du matériel est enregistrée" in p.text(d) and "location — reçu le" in p.text(d),
            "the administrator records the phone's reception")
    p.shot(d, "backoffice-equipment")
    d.get(p.base + "/back-office")
    d.get(p.base + "/espace-client")
    p.check(d.find_element(By.TAG_NAME, "h1").text == "403", "the administrator is refused the customer space")
    d.get(p.base + "/back-office")
    p.sign_out(d)


CONTRAST = """
function rgb(c) { const m = c.match(/[\\d.]+/g).map(Number); return {r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1}; }
function lum(c) { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
                  return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); }
function background(e) { for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c.a > 0) return c; }
                         return {r: 255, g: 255, b: 255, a: 1}; }
const worst = [];
for (const e of document.querySelectorAll('body *')) {
  const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  if (!own || e.offsetParent === null) continue;
  const a = lum(rgb(getComputedStyle(e).color)), b = lum(background(e));
  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  if (ratio < 4.5) worst.push(e.tagName + ' "' + e.textContent.trim().slice(0, 30) + '" ' + ratio.toFixed(2));
}
return worst;
"""


def contrast(p, d, page):
    """WCAG 2.1 AA: every text on the page at 4.5:1 against its background, at least."""
    d.get(p.base + page)
    low = d.execute_script(CONTRAST)
    p.check(low == [], f"text contrast is at least 4.5:1 on {page} (below: {low[:5]})")


def keyboard_and_phone(p, base):
    print("keyboard only, on a phone-sized screen")
    d = browser(390, 844)
    try:
        d.get(base + "/connexion")
        d.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)  # the skip link comes first
        active = d.switch_to.active_element
        p.check(active.text == "Aller au contenu", "the first tab stop is the skip link")
        mark(d)
        d.find_element(By.ID, "login").send_keys("said" + Keys.TAB + PASSWORD + Keys.ENTER)
        wait_for_next(d)
        p.check(d.current_url.endswith("/espace-client"), "signing in works from the keyboard alone")
        overflow = d.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        p.check(overflow <= 0, f"the customer space fits a 390 px screen (overflow {overflow} px)")
        labels = d.execute_script("""return [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
            .filter(e => !e.labels || e.labels.length === 0).map(e => e.name)""")
        p.check(labels == [], f"every field has a label (unlabelled: {labels})")
        p.shot(d, "phone-customer-space")
    finally:
        d.quit()


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    with tempfile.TemporaryDirectory() as folder:
        proc, port = start_server(sys.argv[1], folder)
        # Chrome keeps Secure cookies over plain HTTP for localhost only.
        p = Portal(f"http://localhost:{port}")
        try:
            d = browser()
            try:
                for scenario in [customer_sees_an_invoice, wholesale_operator_files_a_ticket, business_admin_orders_a_user_pack,
                                 billing_agent_runs_a_bill_run, support_agent_sees_the_queue, administrator_reads_the_audit_log,
                                 business_admin_returns_the_rented_phone]:
                    scenario(p, d)
            finally:
                d.quit()
            keyboard_and_phone(p, p.base)
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    print(f"screenshots in {SHOTS}")
    if p.failures:
        raise SystemExit(f"{len(p.failures)} browser check(s) failed: " + "; ".join(p.failures))
    print("browser tests passed")


if __name__ == "__main__":
    main()
