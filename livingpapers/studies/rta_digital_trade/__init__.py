"""Study package: rta_digital_trade."""
