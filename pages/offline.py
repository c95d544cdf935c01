"""An evening without internet: the address tablets open on the local network, and the bundles
that carry an evening's data from the laptop to the central database."""

import streamlit as st

from ruralites.listening import kiosk
from ruralites.ui import offline_bundles
from ruralites.ui.navigation import page_link
from ruralites.ui.network import address_notice
from ruralites.ui.session import require_role


def render_network() -> None:
    require_role("admin", "staff")
    st.title("Réseau local de la soirée")
    address = address_notice()
    st.write("Les tablettes et les téléphones de la salle ouvrent l'application à cette "
             "adresse, sur le même réseau Wi-Fi que cet ordinateur :")
    left, right = st.columns([2, 1])
    with left:
        st.code(address.url, language=None)
        if len(address.lan) > 1:
            st.caption("Autres adresses de cet ordinateur : "
                       + ", ".join(a for a in address.lan if a not in address.url))
        st.markdown(
            "**Pour chaque tablette** :\n"
            "1. la relier au Wi-Fi de la salle (ou au point d'accès de cet ordinateur) ;\n"
            "2. scanner ce QR code avec l'appareil photo, pour vérifier qu'elle joint "
            "l'application ;\n"
            "3. puis ouvrir le lien «\u00a0mode kiosque\u00a0» créé dans «\u00a0Recueillir "
            "les réponses\u00a0» (son QR code s'affiche à sa création).")
        page_link("recueil", "Créer le lien des tablettes")
    right.image(kiosk.qr_png(address.url), caption="Adresse de l'application", width="stretch",
                output_format="PNG")


def render_bundles() -> None:
    viewer = require_role("admin", "staff")
    st.title("Paquets de soirée")
    st.write("Après une soirée sans internet, les données de l'ordinateur portable (réponses, "
             "bulletins, idées, inscriptions, volontaires) rejoignent la base centrale dans un "
             "seul fichier.")
    offline_bundles.export_part(viewer)
    offline_bundles.import_part(viewer)
